/** Names of the channels by which the public sends opinions, as the pages word them. */

export const CHANNEL_LABELS = {
  online: '网上提交',
  email: '电子邮件',
  post: '信函',
  fax: '传真',
  phone: '电话',
  meeting: '座谈会等线下方式',
} as const;

export type ChannelName = keyof typeof CHANNEL_LABELS;
