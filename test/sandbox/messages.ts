/**
 * Message texts of the 'persian-only' profile: a server whose every reply message is
 * Persian, so a client cannot recognise an error by its English words.
 */
import { specError } from './spec';

const PERSIAN_ERRORS: Record<number, string> = {
	10: 'ورود ناموفق بود، لطفا نام کاربری و رمز عبور را بررسی کنید.',
	11: 'شناسه نشست نامعتبر است.',
	12: 'لطفا برای پیکربندی کاربر خود یک بار وارد سروCRM شوید.',
	14: 'لطفا فیلدهای الزامی را پر کنید و دوباره تلاش کنید.',
	15: 'خطای عدم تطابق نوع داده.',
	20: 'این ماژول روی این سرور در دسترس نیست.',
	22: 'دسترسی به این رکورد ممکن نیست زیرا حذف شده یا وجود ندارد.',
	30: 'این ماژول از این قابلیت پشتیبانی نمی کند.',
	31: 'این ماژول از این ارتباط پشتیبانی نمی کند.',
	40: 'شما دسترسی ندارید.',
	50: 'رکوردهای تکراری پیدا شد. لطفا دقیق تر جستجو کنید.',
	51: 'رکوردی پیدا نشد.',
	60: 'تعداد نشست ها از حد مجاز گذشته است.',
	70: 'کاربر وارد شده مدیر سیستم نیست.',
	1000: 'این فراخوانی برای این ماژول معتبر نیست.',
	1001: 'داده ارسال شده برای این تابع معتبر نیست.',
	1008: 'رمز عبور شما منقضی شده است. لطفا رمز جدیدی تعیین کنید.',
	1009: 'حساب کاربری شما قفل شده است. لطفا با مدیر سیستم تماس بگیرید.',
};

/** What a 403 for a dead session says on a Persian server ("your session has expired, log in again"). */
export const PERSIAN_SESSION_EXPIRED = 'نشست شما منقضی شده است، لطفا دوباره وارد شوید.';

const PERSIAN_OK: Record<string, string> = {
	'The record has been created.': 'رکورد ایجاد شد.',
	'The record has been updated.': 'رکورد به روز شد.',
	'The record has been deleted.': 'رکورد حذف شد.',
	'Created Successfully': 'با موفقیت ایجاد شد',
};

export function errorMessage(code: number, persian: boolean, english?: string): string {
	if (persian) return PERSIAN_ERRORS[code] ?? `خطای ${code}`;
	return english ?? specError(code)?.message ?? `Error ${code}`;
}

/** A success message (string or list of strings) in the profile's language. */
export function okMessage(message: unknown, persian: boolean): unknown {
	if (!persian) return message;
	if (Array.isArray(message)) return message.map((m) => (typeof m === 'string' ? (PERSIAN_OK[m] ?? m) : m));
	return typeof message === 'string' && message ? (PERSIAN_OK[message] ?? message) : message;
}

export const hasPersian = (text: string) => /[\u0600-\u06FF]/.test(text);
