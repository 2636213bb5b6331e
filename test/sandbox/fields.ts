/**
 * Field metadata of the sandbox: one table of fields every module has, a few reusable
 * groups (person, address, parent, relate pairs) and per-module extras. GetModuleFields,
 * Save validation, WHERE column checks and the seed generator all read from here.
 */
import { MODULE_KEYS, specModule } from './spec';

export type FieldType =
	| 'id'
	| 'varchar'
	| 'name'
	| 'text'
	| 'enum'
	| 'multienum'
	| 'int'
	| 'float'
	| 'currency'
	| 'bool'
	| 'date'
	| 'datetime'
	| 'relate'
	| 'link'
	| 'phone'
	| 'email'
	| 'url';

export type Language = 'en_US' | 'fa_IR';

export interface FieldDef {
	name: string;
	type: FieldType;
	/** [English, Persian] */
	label: [string, string];
	required?: boolean;
	/** Key of OPTION_SETS for enum / multienum */
	options?: string;
	/** relate / link: the module on the other side */
	related?: string;
	/** relate: the id field holding the related record's id */
	idName?: string;
	/** link: one-to-many links are also implied by this id field on the related module */
	via?: string;
	default?: string;
	group?: string;
	/** Set by the server (never validated nor taken from a Save body) */
	readonly?: boolean;
	calculated?: boolean;
	len?: string;
}

type Opt = [key: string, en: string, fa: string];

/** Dropdown lists, SuiteCRM style: stored keys, labels per language. */
export const OPTION_SETS: Record<string, Opt[]> = {
	lead_status: [
		['New', 'New', 'جدید'],
		['Assigned', 'Assigned', 'تخصیص یافته'],
		['In Process', 'In Process', 'در حال پیگیری'],
		['Converted', 'Converted', 'تبدیل شده'],
		['Recycled', 'Recycled', 'بازیافت شده'],
		['Dead', 'Dead', 'از دست رفته'],
	],
	lead_source: [
		['Cold Call', 'Cold Call', 'تماس سرد'],
		['Existing Customer', 'Existing Customer', 'مشتری فعلی'],
		['Self Generated', 'Self Generated', 'خود ایجاد'],
		['Employee', 'Employee', 'کارمند'],
		['Partner', 'Partner', 'شریک'],
		['Conference', 'Conference', 'کنفرانس'],
		['Web Site', 'Web Site', 'وب سایت'],
		['Word of mouth', 'Word of mouth', 'معرفی'],
		['Email', 'Email', 'ایمیل'],
		['Other', 'Other', 'سایر'],
	],
	lead_type: [
		['Individual', 'Individual', 'حقیقی'],
		['Company', 'Company', 'حقوقی'],
	],
	salutation: [
		['Mr.', 'Mr.', 'آقای'],
		['Ms.', 'Ms.', 'خانم'],
		['Dr.', 'Dr.', 'دکتر'],
		['Prof.', 'Prof.', 'استاد'],
	],
	account_type: [
		['Customer', 'Customer', 'مشتری'],
		['Partner', 'Partner', 'شریک'],
		['Reseller', 'Reseller', 'نماینده فروش'],
		['Competitor', 'Competitor', 'رقیب'],
		['Investor', 'Investor', 'سرمایه گذار'],
		['Prospect', 'Prospect', 'مشتری بالقوه'],
		['Other', 'Other', 'سایر'],
	],
	industry: [
		['Technology', 'Technology', 'فناوری'],
		['Banking', 'Banking', 'بانکداری'],
		['Manufacturing', 'Manufacturing', 'تولید'],
		['Retail', 'Retail', 'خرده فروشی'],
		['Healthcare', 'Healthcare', 'سلامت'],
		['Education', 'Education', 'آموزش'],
		['Construction', 'Construction', 'ساخت و ساز'],
		['Other', 'Other', 'سایر'],
	],
	sales_stage: [
		['Prospecting', 'Prospecting', 'شناسایی'],
		['Qualification', 'Qualification', 'ارزیابی'],
		['Proposal', 'Proposal/Price Quote', 'ارائه پیشنهاد'],
		['Negotiation', 'Negotiation/Review', 'مذاکره'],
		['Closed Won', 'Closed Won', 'موفق'],
		['Closed Lost', 'Closed Lost', 'ناموفق'],
	],
	opportunity_type: [
		['New Business', 'New Business', 'کسب و کار جدید'],
		['Existing Business', 'Existing Business', 'کسب و کار موجود'],
	],
	loyalty: [
		['bronze', 'Bronze', 'برنزی'],
		['silver', 'Silver', 'نقره ای'],
		['gold', 'Gold', 'طلایی'],
		['vip', 'VIP', 'ویژه'],
	],
	quote_stage: [
		['Draft', 'Draft', 'پیش نویس'],
		['Negotiation', 'Negotiation', 'مذاکره'],
		['Delivered', 'Delivered', 'تحویل شده'],
		['Closed Accepted', 'Closed Accepted', 'پذیرفته شده'],
		['Closed Lost', 'Closed Lost', 'رد شده'],
	],
	approval_status: [
		['Pending', 'Pending', 'در انتظار'],
		['Approved', 'Approved', 'تایید شده'],
		['Rejected', 'Rejected', 'رد شده'],
	],
	invoice_status: [
		['Unpaid', 'Unpaid', 'پرداخت نشده'],
		['Partially Paid', 'Partially Paid', 'پرداخت جزئی'],
		['Paid', 'Paid', 'پرداخت شده'],
		['Cancelled', 'Cancelled', 'لغو شده'],
	],
	contract_status: [
		['Not Started', 'Not Started', 'شروع نشده'],
		['In Progress', 'In Progress', 'در جریان'],
		['Signed', 'Signed', 'امضا شده'],
		['Expired', 'Expired', 'منقضی شده'],
	],
	pdf_type: [
		['AOS_Quotes', 'Quotes', 'پیش فاکتورها'],
		['AOS_Invoices', 'Invoices', 'فاکتورها'],
		['AOS_Contracts', 'Contracts', 'قراردادها'],
	],
	product_type: [
		['Good', 'Good', 'کالا'],
		['Service', 'Service', 'خدمت'],
	],
	activity_status: [
		['Planned', 'Planned', 'برنامه ریزی شده'],
		['Held', 'Held', 'انجام شده'],
		['Not Held', 'Not Held', 'انجام نشده'],
	],
	call_direction: [
		['Inbound', 'Inbound', 'ورودی'],
		['Outbound', 'Outbound', 'خروجی'],
	],
	task_status: [
		['Not Started', 'Not Started', 'شروع نشده'],
		['In Progress', 'In Progress', 'در حال انجام'],
		['Completed', 'Completed', 'تکمیل شده'],
		['Pending Input', 'Pending Input', 'منتظر ورودی'],
		['Deferred', 'Deferred', 'به تعویق افتاده'],
	],
	priority: [
		['High', 'High', 'بالا'],
		['Medium', 'Medium', 'متوسط'],
		['Low', 'Low', 'پایین'],
	],
	case_priority: [
		['P1', 'High', 'بالا'],
		['P2', 'Medium', 'متوسط'],
		['P3', 'Low', 'پایین'],
	],
	case_state: [
		['Open', 'Open', 'باز'],
		['Closed', 'Closed', 'بسته'],
	],
	case_status: [
		['Open_New', 'New', 'جدید'],
		['Open_Assigned', 'Assigned', 'تخصیص یافته'],
		['Open_Pending Input', 'Pending Input', 'منتظر ورودی'],
		['Closed_Closed', 'Closed', 'بسته شده'],
		['Closed_Rejected', 'Rejected', 'رد شده'],
	],
	case_type: [
		['User', 'User', 'کاربر'],
		['Product', 'Product', 'محصول'],
		['Administration', 'Administration', 'مدیریتی'],
	],
	bug_status: [
		['New', 'New', 'جدید'],
		['Assigned', 'Assigned', 'تخصیص یافته'],
		['Pending', 'Pending', 'در انتظار'],
		['Closed', 'Closed', 'بسته شده'],
		['Rejected', 'Rejected', 'رد شده'],
	],
	bug_type: [
		['Defect', 'Defect', 'ایراد'],
		['Feature', 'Feature', 'ویژگی'],
	],
	comm_type: [
		['SMS', 'SMS', 'پیامک'],
		['Email', 'Email', 'ایمیل'],
		['Voice', 'Voice message', 'پیام صوتی'],
	],
	comm_status: [
		['Draft', 'Draft', 'پیش نویس'],
		['Scheduled', 'Scheduled', 'زمان بندی شده'],
		['Sent', 'Sent', 'ارسال شده'],
		['Failed', 'Failed', 'ناموفق'],
	],
	campaign_status: [
		['Planning', 'Planning', 'برنامه ریزی'],
		['Active', 'Active', 'فعال'],
		['Inactive', 'Inactive', 'غیرفعال'],
		['Complete', 'Complete', 'پایان یافته'],
	],
	campaign_type: [
		['Telesales', 'Telesales', 'فروش تلفنی'],
		['Email', 'Email', 'ایمیل'],
		['SMS', 'SMS', 'پیامک'],
		['Radio', 'Radio', 'رادیو'],
		['Television', 'Television', 'تلویزیون'],
	],
	deposit_status: [
		['Pending', 'Pending', 'در انتظار'],
		['Received', 'Received', 'دریافت شده'],
		['Returned', 'Returned', 'مسترد شده'],
	],
	document_status: [
		['Active', 'Active', 'فعال'],
		['Draft', 'Draft', 'پیش نویس'],
		['Expired', 'Expired', 'منقضی شده'],
	],
	document_category: [
		['Marketing', 'Marketing', 'بازاریابی'],
		['Knowledege Base', 'Knowledge Base', 'پایگاه دانش'],
		['Sales', 'Sales', 'فروش'],
	],
	email_status: [
		['sent', 'Sent', 'ارسال شده'],
		['read', 'Read', 'خوانده شده'],
		['unread', 'Unread', 'خوانده نشده'],
		['replied', 'Replied', 'پاسخ داده شده'],
		['draft', 'Draft', 'پیش نویس'],
	],
	email_type: [
		['out', 'Sent', 'ارسالی'],
		['inbound', 'Inbound', 'دریافتی'],
		['draft', 'Draft', 'پیش نویس'],
		['archived', 'Archived', 'بایگانی'],
	],
	kb_status: [
		['Draft', 'Draft', 'پیش نویس'],
		['Published', 'Published', 'منتشر شده'],
		['Archived', 'Archived', 'بایگانی'],
	],
	objective_status: [
		['Planned', 'Planned', 'برنامه ریزی شده'],
		['Active', 'Active', 'فعال'],
		['Achieved', 'Achieved', 'محقق شده'],
		['Missed', 'Missed', 'محقق نشده'],
	],
	cmp_operator: [
		['gt', 'Greater than', 'بیشتر از'],
		['lt', 'Less than', 'کمتر از'],
		['eq', 'Equals', 'برابر'],
	],
	payment_method: [
		['Cash', 'Cash', 'نقدی'],
		['Card', 'Card', 'کارت'],
		['Cheque', 'Cheque', 'چک'],
		['Transfer', 'Bank transfer', 'انتقال بانکی'],
		['Online', 'Online gateway', 'درگاه آنلاین'],
	],
	payment_status: [
		['Pending', 'Pending', 'در انتظار'],
		['Completed', 'Completed', 'انجام شده'],
		['Failed', 'Failed', 'ناموفق'],
		['Refunded', 'Refunded', 'بازگشت داده شده'],
	],
	po_status: [
		['Draft', 'Draft', 'پیش نویس'],
		['Ordered', 'Ordered', 'سفارش داده شده'],
		['Received', 'Received', 'دریافت شده'],
		['Cancelled', 'Cancelled', 'لغو شده'],
	],
	project_status: [
		['Not Started', 'Not Started', 'شروع نشده'],
		['In Progress', 'In Progress', 'در حال انجام'],
		['On Hold', 'On Hold', 'متوقف'],
		['Completed', 'Completed', 'تکمیل شده'],
	],
	service_type: [
		['Installation', 'Installation', 'نصب'],
		['Repair', 'Repair', 'تعمیر'],
		['Maintenance', 'Maintenance', 'نگهداری'],
		['Consulting', 'Consulting', 'مشاوره'],
	],
	// Values are module keys; labels are the API text's module labels (spec.ts).
	parent_type: ['Accounts', 'Contacts', 'Leads', 'Opportunities', 'Cases'].map((k) => {
		const m = specModule(k)!;
		return [k, m.labelEn, m.labelFa] as Opt;
	}),
	target_type: ['Leads', 'Contacts', 'Accounts'].map((k) => {
		const m = specModule(k)!;
		return [k, m.labelEn, m.labelFa] as Opt;
	}),
};

// ---- small builders: keep the module table terse -------------------------------

type Extra = Partial<Omit<FieldDef, 'name' | 'type' | 'label'>>;
const f = (name: string, type: FieldType, en: string, fa: string, extra: Extra = {}): FieldDef => ({
	name,
	type,
	label: [en, fa],
	...extra,
});
const req: Extra = { required: true };
const en = (name: string, en: string, fa: string, options: string, extra: Extra = {}) => f(name, 'enum', en, fa, { options, ...extra });

/** An id field plus the relate field that shows the related record's name. */
const relate = (idName: string, name: string, related: string, en: string, fa: string): FieldDef[] => [
	f(idName, 'id', `${en} ID`, `شناسه ${fa}`),
	f(name, 'relate', en, fa, { idName, related }),
];
/** SuiteCRM "flex relate": parent_type picks the module, parent_id the record. */
const parent = (): FieldDef[] => [
	en('parent_type', 'Parent Type', 'نوع والد', 'parent_type'),
	f('parent_id', 'id', 'Parent ID', 'شناسه والد'),
	f('parent_name', 'relate', 'Related To', 'مربوط به', { idName: 'parent_id', related: 'Accounts' }),
];
const numbers = (): FieldDef => f('numbers', 'phone', 'Phone Numbers', 'شماره ها');
const email = (): FieldDef => f('email1', 'email', 'Email Address', 'آدرس ایمیل');
const address = (prefix: string): FieldDef[] =>
	(
		[
			['street', 'Street', 'خیابان'],
			['city', 'City', 'شهر'],
			['state', 'State', 'استان'],
			['postalcode', 'Postal Code', 'کد پستی'],
			['country', 'Country', 'کشور'],
		] as const
	).map(([s, e, p]) => f(`${prefix}_address_${s}`, s === 'street' ? 'text' : 'varchar', e, p, { group: `${prefix}_address` }));
/** Leads and Contacts: no stored `name`, it is first + last. */
const person = (): FieldDef[] => [
	en('salutation', 'Salutation', 'عنوان', 'salutation'),
	f('first_name', 'varchar', 'First Name', 'نام'),
	f('last_name', 'varchar', 'Last Name', 'نام خانوادگی', req),
	f('title', 'varchar', 'Title', 'سمت'),
	f('department', 'varchar', 'Department', 'دپارتمان'),
	f('birthdate', 'date', 'Birthdate', 'تاریخ تولد'),
	numbers(),
	email(),
	...address('primary'),
];
const lineItems = (): FieldDef => f('products', 'link', 'Products', 'محصولات', { related: 'AOS_Products' });
const span = (start: FieldType = 'date'): FieldDef[] => [
	f('start_date', start, 'Start Date', 'تاریخ شروع'),
	f('end_date', start, 'End Date', 'تاریخ پایان'),
];
/** Custom fields carry the tenant's utype as prefix; `{u}` is replaced per sandbox. */
const custom = (name: string, type: FieldType, en: string, fa: string, extra: Extra = {}) =>
	f(`{u}_${name}_c`, type, en, fa, { group: 'custom', ...extra });

/** Fields of every module, in the order the server lists them. */
const COMMON_HEAD: FieldDef[] = [f('id', 'id', 'ID', 'شناسه', { readonly: true }), f('name', 'name', 'Name', 'نام', req)];
const COMMON_TAIL: FieldDef[] = [
	f('date_entered', 'datetime', 'Date Created', 'تاریخ ایجاد', { readonly: true }),
	f('date_modified', 'datetime', 'Date Modified', 'تاریخ ویرایش', { readonly: true }),
	f('modified_user_id', 'id', 'Modified By ID', 'شناسه ویرایش کننده', { readonly: true }),
	f('modified_by_name', 'relate', 'Modified By', 'ویرایش شده توسط', { idName: 'modified_user_id', related: 'Users' }),
	f('created_by', 'id', 'Created By ID', 'شناسه ایجاد کننده', { readonly: true }),
	f('created_by_name', 'relate', 'Created By', 'ایجاد شده توسط', { idName: 'created_by', related: 'Users' }),
	f('description', 'text', 'Description', 'توضیحات'),
	f('deleted', 'bool', 'Deleted', 'حذف شده', { readonly: true, default: '0' }),
	f('assigned_user_id', 'id', 'Assigned User ID', 'شناسه کاربر مسئول'),
	f('assigned_user_name', 'relate', 'Assigned to', 'کاربر مسئول', { idName: 'assigned_user_id', related: 'Users' }),
];

interface ModuleSpec {
	/** Person modules replace the stored `name` by first/last name */
	person?: boolean;
	/** `name` is not required here */
	nameOptional?: boolean;
	extras: FieldDef[];
}

const MODULE_SPECS: Record<string, ModuleSpec> = {
	Accounts: {
		extras: [
			en('account_type', 'Type', 'نوع', 'account_type'),
			en('industry', 'Industry', 'صنعت', 'industry'),
			f('annual_revenue', 'currency', 'Annual Revenue', 'درآمد سالانه'),
			f('employees', 'int', 'Employees', 'تعداد کارکنان'),
			f('website', 'url', 'Website', 'وب سایت'),
			f('ownership', 'varchar', 'Ownership', 'مالکیت'),
			numbers(),
			email(),
			...address('billing'),
			...relate('parent_id', 'parent_name', 'Accounts', 'Member of', 'عضو'),
			custom('national_code', 'varchar', 'National Code', 'شناسه ملی', { len: '11' }),
			f('contacts', 'link', 'Contacts', 'افراد', { related: 'Contacts', via: 'account_id' }),
			f('opportunities', 'link', 'Opportunities', 'فرصت ها', { related: 'Opportunities', via: 'account_id' }),
			f('cases', 'link', 'Cases', 'سرویس ها', { related: 'Cases', via: 'account_id' }),
		],
	},
	Vendors: {
		extras: [
			en('industry', 'Industry', 'صنعت', 'industry'),
			f('website', 'url', 'Website', 'وب سایت'),
			numbers(),
			email(),
			...address('billing'),
			f('purchase_orders', 'link', 'Purchase Orders', 'سفارش های خرید', { related: 'Purchase_Order', via: 'vendor_id' }),
		],
	},
	Contacts: {
		person: true,
		extras: [
			...relate('account_id', 'account_name', 'Accounts', 'Account Name', 'نام حساب'),
			en('lead_source', 'Lead Source', 'منبع سرنخ', 'lead_source'),
			f('do_not_call', 'bool', 'Do Not Call', 'تماس نگیرید', { default: '0' }),
			custom('loyalty', 'multienum', 'Loyalty Tier', 'سطح وفاداری', { options: 'loyalty' }),
			f('opportunities', 'link', 'Opportunities', 'فرصت ها', { related: 'Opportunities' }),
			f('cases', 'link', 'Cases', 'سرویس ها', { related: 'Cases' }),
		],
	},
	Leads: {
		person: true,
		extras: [
			en('status', 'Status', 'وضعیت', 'lead_status', { required: true, default: 'New' }),
			en('type', 'Type', 'نوع', 'lead_type'),
			en('lead_source', 'Lead Source', 'منبع سرنخ', 'lead_source'),
			f('status_description', 'text', 'Status Description', 'شرح وضعیت'),
			f('account_name', 'varchar', 'Account Name', 'نام حساب'),
			f('opportunity_amount', 'currency', 'Opportunity Amount', 'مبلغ فرصت'),
			f('converted', 'bool', 'Converted', 'تبدیل شده', { default: '0' }),
			f('website', 'url', 'Website', 'وب سایت'),
			custom('national_code', 'varchar', 'National Code', 'کد ملی', { len: '10' }),
		],
	},
	Opportunities: {
		extras: [
			f('amount', 'currency', 'Opportunity Amount', 'مبلغ فرصت'),
			en('sales_stage', 'Sales Stage', 'مرحله فروش', 'sales_stage', { required: true }),
			f('probability', 'int', 'Probability (%)', 'احتمال (درصد)'),
			f('date_closed', 'date', 'Expected Close Date', 'تاریخ بسته شدن'),
			en('opportunity_type', 'Type', 'نوع', 'opportunity_type'),
			en('lead_source', 'Lead Source', 'منبع سرنخ', 'lead_source'),
			f('next_step', 'varchar', 'Next Step', 'گام بعدی'),
			...relate('account_id', 'account_name', 'Accounts', 'Account Name', 'نام حساب'),
			f('contacts', 'link', 'Contacts', 'افراد', { related: 'Contacts' }),
		],
	},
	AOS_Products: {
		extras: [
			f('price', 'currency', 'Price', 'قیمت', req),
			f('cost', 'currency', 'Cost', 'هزینه'),
			f('part_number', 'varchar', 'Part Number', 'کد کالا'),
			en('type', 'Type', 'نوع', 'product_type', { default: 'Good' }),
			f('url', 'url', 'URL', 'آدرس اینترنتی'),
			...relate('aos_product_category_id', 'aos_product_category_name', 'AOS_Product_Categories', 'Product Category', 'دسته محصول'),
		],
	},
	AOS_Product_Categories: {
		extras: [
			f('is_parent', 'bool', 'Is Parent Category', 'دسته والد است', { default: '0' }),
			...relate('parent_category_id', 'parent_category_name', 'AOS_Product_Categories', 'Parent Category', 'دسته والد'),
			f('products', 'link', 'Products', 'محصولات', { related: 'AOS_Products', via: 'aos_product_category_id' }),
		],
	},
	AOS_Quotes: {
		extras: [
			en('stage', 'Stage', 'مرحله', 'quote_stage', { required: true, default: 'Draft' }),
			en('approval_status', 'Approval Status', 'وضعیت تایید', 'approval_status'),
			f('expiration', 'date', 'Valid Until', 'معتبر تا'),
			f('subtotal_amount', 'currency', 'Subtotal', 'جمع جزء'),
			f('discount_amount', 'currency', 'Discount', 'تخفیف'),
			f('tax_amount', 'currency', 'Tax', 'مالیات'),
			f('total_amount', 'currency', 'Total', 'مبلغ کل'),
			...relate('billing_account_id', 'billing_account', 'Accounts', 'Account', 'حساب'),
			...relate('billing_contact_id', 'billing_contact', 'Contacts', 'Contact', 'شخص'),
			lineItems(),
		],
	},
	AOS_Invoices: {
		extras: [
			f('number', 'int', 'Invoice Number', 'شماره فاکتور', { calculated: true }),
			en('status', 'Status', 'وضعیت', 'invoice_status', { default: 'Unpaid' }),
			f('invoice_date', 'date', 'Invoice Date', 'تاریخ فاکتور'),
			f('due_date', 'date', 'Due Date', 'تاریخ سررسید'),
			f('subtotal_amount', 'currency', 'Subtotal', 'جمع جزء'),
			f('discount_amount', 'currency', 'Discount', 'تخفیف'),
			f('tax_amount', 'currency', 'Tax', 'مالیات'),
			f('total_amount', 'currency', 'Total', 'مبلغ کل'),
			...relate('billing_account_id', 'billing_account', 'Accounts', 'Account', 'حساب'),
			...relate('quote_id', 'quote_name', 'AOS_Quotes', 'Quote', 'پیش فاکتور'),
			lineItems(),
		],
	},
	AOS_Contracts: {
		extras: [
			en('status', 'Status', 'وضعیت', 'contract_status'),
			...span(),
			f('total_contract_value', 'currency', 'Contract Value', 'مبلغ قرارداد'),
			f('renewal_reminder_date', 'datetime', 'Renewal Reminder', 'یادآور تمدید'),
			...relate('contract_account_id', 'contract_account', 'Accounts', 'Account', 'حساب'),
			lineItems(),
		],
	},
	AOS_PDF_Templates: {
		extras: [
			en('type', 'Type', 'نوع', 'pdf_type', req),
			f('active', 'bool', 'Active', 'فعال', { default: '1' }),
			f('pdfheader', 'text', 'Header', 'سربرگ'),
			f('pdffooter', 'text', 'Footer', 'پاورقی'),
		],
	},
	Appointments: {
		extras: [
			f('date_start', 'datetime', 'Start Date', 'زمان شروع', req),
			f('date_end', 'datetime', 'End Date', 'زمان پایان'),
			en('status', 'Status', 'وضعیت', 'activity_status', { default: 'Planned' }),
			f('location', 'varchar', 'Location', 'مکان'),
			...parent(),
		],
	},
	Approval: {
		extras: [
			en('status', 'Status', 'وضعیت', 'approval_status', { default: 'Pending' }),
			f('approval_date', 'datetime', 'Approval Date', 'تاریخ تایید'),
			...parent(),
		],
	},
	asol_Project: {
		extras: [
			en('status', 'Status', 'وضعیت', 'project_status'),
			en('priority', 'Priority', 'اولویت', 'priority'),
			...span(),
			f('budget', 'currency', 'Budget', 'بودجه'),
			f('progress', 'int', 'Progress (%)', 'پیشرفت (درصد)'),
			f('tasks', 'link', 'Tasks', 'وظایف', { related: 'Tasks' }),
		],
	},
	Branches: {
		extras: [f('code', 'varchar', 'Branch Code', 'کد شعبه'), numbers(), email(), ...address('primary')],
	},
	Bugs: {
		extras: [
			f('bug_number', 'int', 'Number', 'شماره', { calculated: true }),
			en('status', 'Status', 'وضعیت', 'bug_status', { default: 'New' }),
			en('priority', 'Priority', 'اولویت', 'priority'),
			en('type', 'Type', 'نوع', 'bug_type'),
			f('found_in_release', 'varchar', 'Found In Release', 'نسخه'),
			f('work_log', 'text', 'Work Log', 'گزارش کار'),
		],
	},
	Calls: {
		extras: [
			f('date_start', 'datetime', 'Start Date', 'زمان شروع', req),
			f('duration_hours', 'int', 'Duration Hours', 'مدت (ساعت)', { default: '0' }),
			f('duration_minutes', 'int', 'Duration Minutes', 'مدت (دقیقه)', { default: '15' }),
			en('direction', 'Direction', 'جهت', 'call_direction', { default: 'Outbound' }),
			en('status', 'Status', 'وضعیت', 'activity_status', { default: 'Planned' }),
			f('phone_number', 'varchar', 'Phone Number', 'شماره تلفن'),
			...parent(),
		],
	},
	Cases: {
		extras: [
			f('case_number', 'int', 'Number', 'شماره', { calculated: true }),
			en('priority', 'Priority', 'اولویت', 'case_priority', { default: 'P2' }),
			en('state', 'State', 'حالت', 'case_state', { default: 'Open' }),
			en('status', 'Status', 'وضعیت', 'case_status', { default: 'Open_New' }),
			en('type', 'Type', 'نوع', 'case_type'),
			f('resolution', 'text', 'Resolution', 'راه حل'),
			...relate('account_id', 'account_name', 'Accounts', 'Account Name', 'نام حساب'),
		],
	},
	Communications: {
		extras: [
			en('type', 'Type', 'نوع', 'comm_type', req),
			en('status', 'Status', 'وضعیت', 'comm_status', { default: 'Draft' }),
			f('send_date', 'datetime', 'Send Date', 'زمان ارسال'),
			f('body', 'text', 'Body', 'متن'),
			...relate('template_id', 'template_name', 'Communications_Template', 'Template', 'قالب'),
			f('targets', 'link', 'Targets', 'اهداف', { related: 'Communications_Target', via: 'communication_id' }),
		],
	},
	Communications_Target: {
		nameOptional: true,
		extras: [
			...relate('communication_id', 'communication_name', 'Communications', 'Communication', 'ارتباط'),
			en('target_type', 'Target Type', 'نوع هدف', 'target_type'),
			f('target_id', 'id', 'Target ID', 'شناسه هدف'),
			en('status', 'Status', 'وضعیت', 'comm_status'),
		],
	},
	Communications_Template: {
		extras: [en('type', 'Type', 'نوع', 'comm_type'), f('subject', 'varchar', 'Subject', 'موضوع'), f('body', 'text', 'Body', 'متن')],
	},
	Campaigns: {
		extras: [
			en('status', 'Status', 'وضعیت', 'campaign_status', req),
			en('campaign_type', 'Type', 'نوع', 'campaign_type', req),
			...span(),
			f('budget', 'currency', 'Budget', 'بودجه'),
			f('expected_cost', 'currency', 'Expected Cost', 'هزینه پیش بینی شده'),
			f('actual_cost', 'currency', 'Actual Cost', 'هزینه واقعی'),
			f('expected_revenue', 'currency', 'Expected Revenue', 'درآمد پیش بینی شده'),
			f('impressions', 'int', 'Impressions', 'تعداد نمایش'),
			f('objective', 'text', 'Objective', 'هدف'),
			f('leads', 'link', 'Leads', 'سرنخ ها', { related: 'Leads' }),
		],
	},
	Deposits: {
		extras: [
			f('amount', 'currency', 'Amount', 'مبلغ', req),
			f('deposit_date', 'date', 'Deposit Date', 'تاریخ ودیعه'),
			en('status', 'Status', 'وضعیت', 'deposit_status'),
			...relate('account_id', 'account_name', 'Accounts', 'Account Name', 'نام حساب'),
		],
	},
	Documents: {
		extras: [
			en('status_id', 'Status', 'وضعیت', 'document_status'),
			en('category_id', 'Category', 'دسته', 'document_category'),
			f('active_date', 'date', 'Publish Date', 'تاریخ انتشار'),
			f('exp_date', 'date', 'Expiration Date', 'تاریخ انقضا'),
			f('revision', 'varchar', 'Revision', 'نسخه'),
			f('filename', 'varchar', 'File Name', 'نام فایل'),
			// Set by service2's set_document_revision (service2.ts): the latest revision.
			f('document_revision_id', 'id', 'Document Revision ID', 'شناسه نسخه سند', { readonly: true }),
			f('last_rev_mime_type', 'varchar', 'Last Revision MIME Type', 'نوع فایل آخرین نسخه', { readonly: true }),
		],
	},
	Emails: {
		extras: [
			f('date_sent', 'datetime', 'Date Sent', 'تاریخ ارسال'),
			en('status', 'Status', 'وضعیت', 'email_status'),
			en('type', 'Type', 'نوع', 'email_type'),
			f('from_addr', 'email', 'From', 'از'),
			f('to_addrs', 'text', 'To', 'به'),
			...parent(),
		],
	},
	Knowledge_Base: {
		extras: [
			en('status', 'Status', 'وضعیت', 'kb_status', { default: 'Draft' }),
			f('revision', 'int', 'Revision', 'نسخه'),
			f('body', 'text', 'Body', 'متن'),
			...relate('category_id', 'category_name', 'Knowledge_Base_Categories', 'Category', 'دسته'),
		],
	},
	Knowledge_Base_Categories: {
		extras: [
			...relate('parent_category_id', 'parent_category_name', 'Knowledge_Base_Categories', 'Parent Category', 'دسته والد'),
			f('articles', 'link', 'Articles', 'مقالات', { related: 'Knowledge_Base', via: 'category_id' }),
		],
	},
	Meetings: {
		extras: [
			f('date_start', 'datetime', 'Start Date', 'زمان شروع', req),
			f('date_end', 'datetime', 'End Date', 'زمان پایان'),
			f('duration_hours', 'int', 'Duration Hours', 'مدت (ساعت)', { default: '1' }),
			f('duration_minutes', 'int', 'Duration Minutes', 'مدت (دقیقه)', { default: '0' }),
			f('location', 'varchar', 'Location', 'مکان'),
			en('status', 'Status', 'وضعیت', 'activity_status', { default: 'Planned' }),
			...parent(),
			f('contacts', 'link', 'Contacts', 'افراد', { related: 'Contacts' }),
		],
	},
	Notes: {
		extras: [
			...parent(),
			...relate('contact_id', 'contact_name', 'Contacts', 'Contact', 'شخص'),
			f('filename', 'varchar', 'Attachment', 'پیوست'),
			f('file_mime_type', 'varchar', 'MIME Type', 'نوع فایل', { readonly: true }),
			f('portal_flag', 'bool', 'Display in Portal', 'نمایش در پورتال', { default: '0' }),
		],
	},
	OBJ_Conditions: {
		extras: [
			...relate('indicator_id', 'indicator_name', 'OBJ_Indicators', 'Indicator', 'شاخص'),
			en('operator', 'Operator', 'عملگر', 'cmp_operator', req),
			f('value', 'float', 'Value', 'مقدار'),
		],
	},
	OBJ_Indicators: {
		extras: [
			...relate('objective_id', 'objective_name', 'OBJ_Objectives', 'Objective', 'هدف'),
			f('target_value', 'float', 'Target Value', 'مقدار هدف'),
			f('current_value', 'float', 'Current Value', 'مقدار فعلی'),
			f('unit', 'varchar', 'Unit', 'واحد'),
			f('conditions', 'link', 'Conditions', 'شرایط', { related: 'OBJ_Conditions', via: 'indicator_id' }),
		],
	},
	OBJ_Objectives: {
		extras: [
			en('status', 'Status', 'وضعیت', 'objective_status'),
			...span(),
			f('progress', 'float', 'Progress (%)', 'پیشرفت (درصد)'),
			f('indicators', 'link', 'Indicators', 'شاخص ها', { related: 'OBJ_Indicators', via: 'objective_id' }),
		],
	},
	Payments: {
		extras: [
			f('amount', 'currency', 'Amount', 'مبلغ', req),
			f('payment_date', 'date', 'Payment Date', 'تاریخ پرداخت'),
			en('payment_method', 'Payment Method', 'روش پرداخت', 'payment_method'),
			en('status', 'Status', 'وضعیت', 'payment_status', { default: 'Pending' }),
			f('reference_number', 'varchar', 'Reference Number', 'شماره پیگیری'),
			...relate('invoice_id', 'invoice_name', 'AOS_Invoices', 'Invoice', 'فاکتور'),
			...relate('account_id', 'account_name', 'Accounts', 'Account Name', 'نام حساب'),
		],
	},
	Purchase_Order: {
		extras: [
			en('status', 'Status', 'وضعیت', 'po_status', { default: 'Draft' }),
			f('order_date', 'date', 'Order Date', 'تاریخ سفارش'),
			f('total_amount', 'currency', 'Total', 'مبلغ کل'),
			...relate('vendor_id', 'vendor_name', 'Vendors', 'Vendor', 'تامین کننده'),
			lineItems(),
		],
	},
	sc_competitor: {
		extras: [
			f('website', 'url', 'Website', 'وب سایت'),
			f('market_share', 'float', 'Market Share (%)', 'سهم بازار (درصد)'),
			f('strengths', 'text', 'Strengths', 'نقاط قوت'),
			f('weaknesses', 'text', 'Weaknesses', 'نقاط ضعف'),
			numbers(),
		],
	},
	sc_Contract: {
		extras: [
			en('status', 'Status', 'وضعیت', 'contract_status'),
			...span(),
			f('contract_value', 'currency', 'Contract Value', 'مبلغ قرارداد'),
			...relate('account_id', 'account_name', 'Accounts', 'Account Name', 'نام حساب'),
			f('services', 'link', 'Services', 'خدمات', { related: 'sc_contract_management', via: 'contract_id' }),
		],
	},
	sc_contract_management: {
		extras: [
			en('service_type', 'Service Type', 'نوع خدمت', 'service_type'),
			f('service_date', 'datetime', 'Service Date', 'زمان خدمت'),
			f('visits', 'int', 'Visits', 'تعداد بازدید'),
			...relate('contract_id', 'contract_name', 'sc_Contract', 'Support Contract', 'قرارداد پشتیبانی'),
		],
	},
	Service_Centers: {
		extras: [
			f('capacity', 'int', 'Capacity', 'ظرفیت'),
			f('active', 'bool', 'Active', 'فعال', { default: '1' }),
			numbers(),
			...address('primary'),
		],
	},
	Tasks: {
		extras: [
			en('status', 'Status', 'وضعیت', 'task_status', { default: 'Not Started' }),
			en('priority', 'Priority', 'اولویت', 'priority', { required: true, default: 'Medium' }),
			f('date_start', 'datetime', 'Start Date', 'زمان شروع'),
			f('date_due', 'datetime', 'Due Date', 'مهلت'),
			...parent(),
			...relate('contact_id', 'contact_name', 'Contacts', 'Contact', 'شخص'),
		],
	},
	Timesheet: {
		extras: [
			f('date_start', 'datetime', 'Date', 'تاریخ', req),
			f('hours', 'float', 'Hours', 'ساعت', req),
			f('billable', 'bool', 'Billable', 'قابل صورتحساب', { default: '1' }),
			...relate('task_id', 'task_name', 'Tasks', 'Task', 'وظیفه'),
			...relate('project_id', 'project_name', 'asol_Project', 'Project', 'پروژه'),
		],
	},
};

/** Default len per type, as strings (the server sends `len` as a string). */
const LEN: Partial<Record<FieldType, string>> = {
	id: '36',
	varchar: '255',
	name: '255',
	enum: '100',
	int: '11',
	float: '18',
	currency: '26',
	bool: '1',
	email: '100',
	url: '255',
	phone: '',
};

const cache = new Map<string, FieldDef[]>();

/** Where a server has no `numbers` list: SuiteCRM's plain phone columns. */
const PHONE_COLUMNS: FieldDef[] = [
	f('phone_mobile', 'phone', 'Mobile', 'تلفن همراه'),
	f('phone_work', 'phone', 'Office Phone', 'تلفن محل کار'),
];

/**
 * All fields of a module for a tenant (custom fields get the utype prefix). Undefined for
 * unknown modules. `numbersField: false` is the profile of a server without the `numbers` list.
 */
export function moduleFields(module: string, utype: string, numbersField = true): FieldDef[] | undefined {
	const spec = MODULE_SPECS[module];
	if (!spec) return undefined;
	const key = `${module}\u0000${utype}\u0000${numbersField}`;
	let fields = cache.get(key);
	if (!fields) {
		const head = spec.person
			? [COMMON_HEAD[0], f('name', 'name', 'Name', 'نام', { calculated: true, readonly: true })]
			: [COMMON_HEAD[0], spec.nameOptional ? { ...COMMON_HEAD[1], required: false } : COMMON_HEAD[1]];
		const extras = [...(spec.person ? person() : []), ...spec.extras];
		fields = [...head, ...extras, ...COMMON_TAIL]
			.flatMap((d) => (d.name === 'numbers' && !numbersField ? PHONE_COLUMNS : [d]))
			.map((d) => ({ ...d, name: d.name.replace('{u}', utype) }));
		cache.set(key, fields);
	}
	return fields;
}

export function fieldMap(module: string, utype: string, numbersField = true): Map<string, FieldDef> | undefined {
	const fields = moduleFields(module, utype, numbersField);
	return fields && new Map(fields.map((d) => [d.name, d]));
}

export function optionKeys(def: FieldDef): string[] {
	return (def.options ? OPTION_SETS[def.options] : []).map(([k]) => k);
}

/** One GetModuleFields entry, in the server's shape. */
export function describeField(def: FieldDef, lang: Language): Record<string, unknown> {
	const li = lang === 'fa_IR' ? 1 : 0;
	const opts = def.options ? OPTION_SETS[def.options] : undefined;
	return {
		name: def.name,
		label: def.label[li],
		type: def.type,
		default_value: def.default ?? '',
		id_name: def.idName ?? '',
		group: def.group ?? '',
		len: def.len ?? LEN[def.type] ?? '',
		options: opts ? Object.fromEntries(opts.map((o) => [o[0], o[1 + li]])) : [],
		related_module: def.related ?? '',
		calculated: def.calculated ?? false,
		required: def.required ? 1 : 0,
	};
}

export function describeModule(module: string, utype: string, lang: Language, numbersField = true): Record<string, unknown> | undefined {
	const fields = moduleFields(module, utype, numbersField);
	return fields && Object.fromEntries(fields.map((d) => [d.name, describeField(d, lang)]));
}

/** Fields that hold data in a record (links are relationships, not columns). */
export function isColumn(def: FieldDef): boolean {
	return def.type !== 'link';
}

export function hasNumbers(module: string, utype: string, numbersField = true): boolean {
	return !!moduleFields(module, utype, numbersField)?.some((d) => d.name === 'numbers');
}

/** Phone fields a number can live in: the `numbers` list or SuiteCRM's phone columns. */
export function phoneFields(module: string, utype: string, numbersField = true): FieldDef[] {
	return (moduleFields(module, utype, numbersField) ?? []).filter((d) => d.type === 'phone');
}

/**
 * Not a column of the module's table in a SuiteCRM database: relate fields (the name is
 * joined in), links, and the computed `name` of person modules (`source: non-db` in vardefs).
 */
export function isNonDb(def: FieldDef): boolean {
	return def.type === 'relate' || def.type === 'link' || (def.type === 'name' && !!def.calculated);
}

export { MODULE_KEYS };

// Fail fast if the module list (spec.ts) and this table ever drift apart.
for (const key of MODULE_KEYS) if (!MODULE_SPECS[key]) throw new Error(`sandbox: no field spec for module ${key}`);
