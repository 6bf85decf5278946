/**
 * The day an application counts as received (《政府信息公开条例》第三十一条):
 * handed in: the day it is handed in; by post: the day the body signs for it, or
 * for post that needs no signature, the day the office confirms it with the
 * applicant; online or by fax: the day both sides confirm. An application is
 * made in writing (第二十九条): a phone call is not one.
 */
import type { CalendarDate } from '../time.ts';

export type ApplicationArrival =
  | { channel: 'visit'; submittedOn: CalendarDate }
  /** `signedForOn` for registered post; `confirmedOn` for post that needs no signature. */
  | { channel: 'letter'; signedForOn: CalendarDate | null; confirmedOn: CalendarDate | null }
  /** Online: the applicant confirms by submitting; the office's confirmation is the receipt it issues. */
  | { channel: 'online'; submittedOn: CalendarDate; confirmedOn: CalendarDate }
  | { channel: 'phone' };

export type ReceiptDay = { ok: true; day: CalendarDate } | { ok: false; message: string };

export function receiptDay(arrival: ApplicationArrival): ReceiptDay {
  switch (arrival.channel) {
    case 'visit':
      return { ok: true, day: arrival.submittedOn };
    case 'letter':
      if (arrival.signedForOn) return { ok: true, day: arrival.signedForOn };
      if (arrival.confirmedOn) return { ok: true, day: arrival.confirmedOn };
      return { ok: false, message: '邮寄的申请以签收之日为收到申请之日；无需签收的，以与申请人确认之日为收到申请之日，请填写其中之一' };
    case 'online':
      if (arrival.confirmedOn < arrival.submittedOn) return { ok: false, message: '确认日期不能早于申请提交日期' };
      return { ok: true, day: arrival.confirmedOn };
    case 'phone':
      return { ok: false, message: '政府信息公开申请应当以书面形式提出（含数据电文形式），电话不能作为申请渠道' };
  }
}
