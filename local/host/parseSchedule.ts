// Timer schedules as the Functions timer trigger accepts them: a 6-field NCRONTAB expression
// ({second} {minute} {hour} {day} {month} {day-of-week}; 5 fields are read with second 0, as
// NCrontab does), or a TimeSpan "hh:mm:ss" / "d.hh:mm:ss" interval. `%Name%` is read from the
// app settings. Times are UTC unless WEBSITE_TIME_ZONE names an IANA zone.
import { CronExpressionParser } from "cron-parser";

export interface Schedule {
  expression: string;
  /** The first occurrence strictly after `afterMs`. */
  nextAfter(afterMs: number): number;
}

function resolveSetting(expr: string, field: string): string {
  const m = /^%([^%]+)%$/.exec(expr.trim());
  if (!m) return expr.trim();
  const value = process.env[m[1]!];
  if (!value) throw new Error(`${field}: app setting "${m[1]}" is not set`);
  return value.trim();
}

export function parseSchedule(raw: string, field = "schedule"): Schedule {
  const expression = resolveSetting(raw, field);
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(expression);
  if (span) {
    const [, d, h, m, s] = span;
    const ms = (((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s)) * 1000;
    if (ms <= 0) throw new Error(`${field}: the interval "${expression}" must be positive`);
    return { expression, nextAfter: (after) => after + ms };
  }
  const fields = expression.split(/\s+/);
  if (fields.length !== 6 && fields.length !== 5) {
    throw new Error(`${field}: "${expression}" is neither a 6-field NCRONTAB expression nor a TimeSpan`);
  }
  const cron = fields.length === 5 ? `0 ${expression}` : expression;
  const tz = process.env.WEBSITE_TIME_ZONE || "UTC";
  try {
    CronExpressionParser.parse(cron, { tz, currentDate: 0 }).next();
  } catch (err) {
    throw new Error(`${field}: invalid NCRONTAB expression "${expression}": ${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    expression,
    nextAfter(after) {
      return CronExpressionParser.parse(cron, { tz, currentDate: after }).next().getTime();
    },
  };
}
