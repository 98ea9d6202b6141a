import { fieldError, invalid } from './errors';
import { msg } from './i18n/message';

/**
 * Business dates: "today" is the calendar date in the company's zone
 * (BUSINESS_TIMEZONE), not the server's and not UTC — a shop in Shanghai
 * posting at 07:00 local time is already on the next day in UTC+8.
 */
export class BusinessCalendar {
  private readonly format: Intl.DateTimeFormat;

  constructor(
    readonly timezone: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    // Throws RangeError on an unknown zone, so a misconfigured server stops at start.
    this.format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  today(): string {
    return this.format.format(this.clock());
  }

  now(): Date {
    return this.clock();
  }

  /** A document's date: today when none is given; a date after today is refused (422). */
  documentDate(date: string | undefined | null, path = 'date'): string {
    const today = this.today();
    if (!date) return today;
    if (date > today) throw invalid(msg('date.future', { date, today }), [fieldError([path], msg('date.future:field', { today }))]);
    return date;
  }

  /** A batch has expired when its expiry date is before today. */
  isExpired(expiryDate: string | null | undefined): boolean {
    return !!expiryDate && expiryDate < this.today();
  }
}
