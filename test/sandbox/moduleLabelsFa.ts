/**
 * Persian module names as a fa_IR SarvCRM shows them. Server data, so it lives with the
 * sandbox: the node's own interface is English only.
 */
export const MODULE_LABELS_FA: Readonly<Record<string, string>> = {
	Accounts: 'حساب ها',
	AOS_Contracts: 'قراردادهای فروش',
	AOS_Invoices: 'فاکتورها',
	AOS_PDF_Templates: 'قالب های PDF',
	AOS_Product_Categories: 'دسته های محصول',
	AOS_Products: 'محصولات',
	AOS_Quotes: 'پیش فاکتورها',
	Appointments: 'بازدیدها',
	Approval: 'تاییدیه',
	asol_Project: 'پروژه',
	Branches: 'شعب',
	Bugs: 'پیگیری ایرادهای محصول',
	Calls: 'تماس ها',
	Cases: 'سرویس ها',
	Communications: 'ارتباطات',
	Communications_Target: 'هدف ارتباطات',
	Communications_Template: 'قالب ارتباطات',
	Campaigns: 'کمپین ها',
	Contacts: 'افراد',
	Deposits: 'ودیعه',
	Documents: 'اسناد',
	Emails: 'ایمیل ها',
	Knowledge_Base: 'پایگاه دانش',
	Knowledge_Base_Categories: 'دسته پایگاه دانش',
	Leads: 'سرنخ',
	Meetings: 'جلسات',
	Notes: 'یادداشت ها',
	OBJ_Conditions: 'شرایط شاخص',
	OBJ_Indicators: 'شاخص',
	OBJ_Objectives: 'اهداف',
	Opportunities: 'فرصت ها',
	Payments: 'پرداخت ها',
	Purchase_Order: 'سفارش خرید',
	sc_competitor: 'رقبا',
	sc_Contract: 'قراردادهای پشتیبانی',
	sc_contract_management: 'خدمات',
	Service_Centers: 'مراکز سرویس',
	Tasks: 'وظایف',
	Timesheet: 'تایم شیت',
	Vendors: 'تامین کنندگان',
};

export function moduleLabelFa(key: string): string {
	return MODULE_LABELS_FA[key] ?? key;
}
