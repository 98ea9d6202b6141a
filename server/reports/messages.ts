/*
 * The reports' problem sentences (keys `report.…`), merged into the server's
 * catalogue (server/platform/i18n/messages.*.ts). One section per part of
 * the reports module, so each part adds its own sentences in its own place.
 */
export const REPORTS_EN = {
  // ---- registry and parameters
  'report.unknown': 'There is no report {id}. GET /reports lists the reports there are.',
  'report.unknown:field': 'unknown report {id}',
  'report.parameter-unknown': 'This report has no parameter {name}.',
  'report.parameter-unknown:field': 'unknown parameter',
  'report.parameter-required': 'The report needs the parameter {name}.',
  'report.parameter-type': 'The parameter {name} must be {expected}.',
  'report.parameter-type:field': 'must be {expected}',
  'report.parameter-unknown-ref': 'The parameter {name} names {ref}, which does not exist.',
  'report.parameter-unknown-ref:field': 'unknown {ref}',
  'report.parameter-range': 'The period starts on {from}, after it ends on {to}.',
  'report.parameter-range:field': 'must be on or before {to}',
  // ---- custom reports and saved definitions
  // ---- export
  // ---- custom functions
} as const;

export const REPORTS_ZH: Record<keyof typeof REPORTS_EN, string> = {
  // ---- registry and parameters
  'report.unknown': '没有报表 {id}。GET /reports 列出所有报表。',
  'report.unknown:field': '未知报表 {id}',
  'report.parameter-unknown': '此报表没有参数 {name}。',
  'report.parameter-unknown:field': '未知参数',
  'report.parameter-required': '此报表需要参数 {name}。',
  'report.parameter-type': '参数 {name} 必须是 {expected}。',
  'report.parameter-type:field': '必须是 {expected}',
  'report.parameter-unknown-ref': '参数 {name} 指定的 {ref} 不存在。',
  'report.parameter-unknown-ref:field': '{ref} 不存在',
  'report.parameter-range': '区间开始日 {from} 晚于结束日 {to}。',
  'report.parameter-range:field': '必须不晚于 {to}',
  // ---- custom reports and saved definitions
  // ---- export
  // ---- custom functions
};
