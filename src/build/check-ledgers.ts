/**
 * The build's check of the published ledgers of verification codes (核验码清单):
 *   - each ledger and its signed tree heads, with the standalone verifier the public uses
 *     (signatures against signing-keys.json, roots, consistency proofs, count);
 *   - a ledger only for a consultation that takes comments online;
 *   - a feedback report's ledgerRoot/ledgerCount equal to the final ledger and to its own
 *     count of online comments;
 *   - append-only against git history: no published ledger, head or key changed or gone;
 *   - in production, no head signed with the built-in local key.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkLedger } from '../lib/ledger/verify-ledger.mjs';
import { consultationSchema, type ConsultationData } from '../schemas/consultation.ts';
import { feedbackSchema, type FeedbackData } from '../schemas/feedback.ts';
import { problem, type ContentProblem } from '../schemas/report.ts';
import { localLedgerKeyId } from '../server/ledger-signing.ts';
import { CONTENT_PATHS, type ContentPaths } from './content-paths.ts';
import { appendOnlyProblem, LEDGERS_PATH, ledgerFile, publishedLedgerIds, readPublishedLedger, readSigningKeys, SIGNING_KEYS_FILE } from './ledger-files.ts';
import { readEntriesReporting, validateEntries } from './validate.ts';

const PROBLEM_WORDS: Record<string, string> = {
  'ledger-format': '不是第 2 版核验码清单',
  'entry-format': '条目格式不正确',
  'duplicate-code': '核验码重复',
  'no-head': '没有签名树头',
  'head-format': '签名树头格式不正确',
  'head-consultation': '签名树头属于其他意见征集',
  'head-sequence': '签名树头编号不连续',
  signature: '签名树头的签名无法用公布的公钥验证',
  'head-size': '签名树头的条数多于清单',
  'head-root': '签名树头的根值与清单条目不符',
  'head-after-final': '最终树头之后还有树头',
  'head-shrinks': '签名树头的条数减少',
  'head-time': '签名树头的时间倒退',
  consistency: '一致性证明不成立（后一树头没有完整保留前一树头的条目）',
  count: '条数与最后一个签名树头不符',
  root: '根值与最后一个签名树头不符',
  final: '最终标记与最后一个签名树头不符',
};

export interface LedgerCheckOptions {
  /** Production refuses the built-in key (CONTEXT=production on Netlify). */
  production?: boolean;
  /** Compare with the git history of the ledgers folder (default true). */
  git?: boolean;
}

export async function checkLedgers(root = process.cwd(), paths: ContentPaths = CONTENT_PATHS, options: LedgerCheckOptions = {}): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  const dir = join(root, LEDGERS_PATH);
  const at = (file: string) => `${LEDGERS_PATH}/${file}`;
  const ignored: ContentProblem[] = []; // The content check reports these files' own problems.
  const consultations = new Map(
    validateEntries(ignored, readEntriesReporting(ignored, root, paths.consultations), consultationSchema).map(({ file, data }) => [file.id, data as ConsultationData]),
  );
  const feedback = validateEntries(ignored, readEntriesReporting(ignored, root, paths.feedback), feedbackSchema).map(({ file, data }) => ({ file: file.file, data: data as FeedbackData }));

  const ids = publishedLedgerIds(dir);
  const keys = readSigningKeys(dir);
  if (ids.length > 0 && !keys) problems.push(problem(at(SIGNING_KEYS_FILE), [], '缺少签名公钥文件，无法核验签名树头'));
  if (keys && options.production && keys.keys.some((k) => k.id === localLedgerKeyId())) {
    problems.push(problem(at(SIGNING_KEYS_FILE), [], '正式网站不能使用程序内置的本地签名密钥：请设置 LEDGER_SIGNING_KEY 并重新生成树头'));
  }
  const finals = new Map<string, { count: number; root: string }>();
  for (const id of ids) {
    const file = at(ledgerFile(id));
    let published;
    try {
      published = readPublishedLedger(dir, id);
    } catch (error) {
      problems.push(problem(file, [], `无法读取：${(error as Error).message}`));
      continue;
    }
    const { ledger, heads } = published;
    const c = consultations.get(id);
    if (!c) problems.push(problem(file, [], `没有编号为 ${id} 的意见征集`));
    else if (!c.channels.online) problems.push(problem(file, [], '该意见征集不接受网上提交，不应有核验码清单'));
    if (ledger.consultation !== id) problems.push(problem(file, ['consultation'], `文件名是 ${id}，内容却属于 ${String(ledger.consultation)}`));
    if (heads.length !== ledger.heads) problems.push(problem(file, ['heads'], `应有 ${ledger.heads} 个签名树头文件，只找到 ${heads.length} 个`));
    const check = await checkLedger(ledger, heads, keys ?? { algorithm: 'Ed25519', keys: [] });
    for (const p of check.problems) problems.push(problem(file, [], `${PROBLEM_WORDS[p.code] ?? p.code}（${p.detail}）`));
    if (c && ledger.final && heads.at(-1) && Date.parse(heads.at(-1)!.timestamp) <= c.closes.getTime()) problems.push(problem(file, ['final'], '最终树头早于征集截止时间'));
    if (ledger.final) finals.set(id, { count: ledger.count, root: ledger.root });
  }

  for (const { file, data } of feedback) {
    const final = finals.get(data.consultation);
    const c = consultations.get(data.consultation);
    if (data.ledgerRoot !== undefined) {
      if (!final) {
        problems.push(problem(file, ['ledgerRoot'], `没有公布意见征集 ${data.consultation} 的最终核验码清单（${at(ledgerFile(data.consultation))}）`));
        continue;
      }
      if (data.ledgerRoot !== final.root) problems.push(problem(file, ['ledgerRoot'], `与公布的清单根值 ${final.root} 不符`));
      if (data.ledgerCount !== final.count) problems.push(problem(file, ['ledgerCount'], `与公布的清单条数 ${final.count} 不符`));
      if (data.ledgerCount !== (data.received.online ?? 0)) problems.push(problem(file, ['received', 'online'], `网上提交的意见数应与核验码清单条数 ${data.ledgerCount} 一致`));
    } else if (final && !data.draft) {
      problems.push(problem(file, ['ledgerRoot'], `已公布最终核验码清单（${final.count} 条），请填写 ledgerRoot: ${final.root} 和 ledgerCount: ${final.count}`));
    } else if (c && !c.channels.online && (data.received.online ?? 0) > 0) {
      problems.push(problem(file, ['received', 'online'], '该意见征集不接受网上提交，网上意见数应为 0 或不填'));
    }
  }

  if (options.git !== false) problems.push(...gitAppendOnly(root, at));
  return problems;
}

/** Every version of every ledger file ever committed must still be extended by the file as it is now. */
function gitAppendOnly(root: string, at: (file: string) => string): ContentProblem[] {
  const git = (args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  let top: string;
  let log: string;
  try {
    top = git(['rev-parse', '--show-toplevel']).trim();
    log = git(['log', '--format=@%H', '--name-only', '--', LEDGERS_PATH]);
  } catch {
    // Nothing published, nothing to compare; with ledgers, say that this guarantee is missing.
    if (!existsSync(join(root, LEDGERS_PATH))) return [];
    return [problem(LEDGERS_PATH, [], '不在 git 仓库中，无法核对已公布的清单没有被改动或删除', 'warning')];
  }
  const base = relative(top, resolve(root)).replaceAll('\\', '/');
  const prefix = `${base ? `${base}/` : ''}${LEDGERS_PATH}/`;
  const versions = new Map<string, string[]>();
  let commit = '';
  for (const line of log.split('\n')) {
    if (line.startsWith('@')) commit = line.slice(1);
    else if (line.startsWith(prefix)) versions.set(line, [...(versions.get(line) ?? []), commit]);
  }
  const problems: ContentProblem[] = [];
  for (const [path, commits] of versions) {
    const inside = path.slice(prefix.length);
    const current = join(top, path);
    const now = existsSync(current) ? readFileSync(current, 'utf8') : null;
    for (const c of commits) {
      let before: string;
      try {
        before = git(['show', `${c}:${path}`]);
      } catch {
        continue; // The commit deleted it: judged by the versions before.
      }
      const reason = appendOnlyProblem(inside, before, now);
      if (reason) {
        problems.push(problem(at(inside), [], `${reason}（与提交 ${c.slice(0, 10)} 中公布的版本相比）`));
        break;
      }
    }
  }
  return problems;
}
