/**
 * QR codes drawn at build time as inline SVG (the `qrcode` library): printed notices and posters carry the
 * address of their online page. The SVG is an image named “二维码” with the address, so a screen reader
 * says what it is and where it leads.
 */
import QRCode from 'qrcode';
import { escapeHtml } from './html.ts';

/** The accessible name of a QR code: “二维码：” and the address it encodes. */
export function qrCodeLabel(url: string): string {
  return `二维码：${url}`;
}

/**
 * Inline SVG markup of a QR code for `url`: black modules on white with the four-module quiet zone, error
 * correction M (readable with a fold or a smudge on paper), role="img" with the label as its name.
 */
export async function qrCodeSvg(url: string): Promise<string> {
  if (!/^https?:\/\/\S+$/.test(url)) throw new Error(`A QR code points to an absolute http(s) address, got "${url}"`);
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const label = escapeHtml(qrCodeLabel(url));
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('qrcode did not return an <svg> element');
  return `${open[0].replace(/^<svg\b/, `<svg role="img" aria-label="${label}" class="qr-code__image" focusable="false"`)}<title>${label}</title>${svg.slice(open[0].length)}`;
}
