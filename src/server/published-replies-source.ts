/** 答复选登 as the build reads it from the store: the list and every page share one read. */
import type { PublishedReply } from '../lib/cases/published-reply.ts';
import { readStoreAtBuild } from './build-store.ts';
import { publishedReplies } from './published-replies.ts';

let read: Promise<PublishedReply[]> | undefined;

export function publishedRepliesAtBuild(): Promise<PublishedReply[]> {
  read ??= readStoreAtBuild(publishedReplies, [] as PublishedReply[]).then((r) => r.value);
  return read;
}
