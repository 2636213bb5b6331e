/**
 * Fault switches: the next N API calls (optionally of one method) misbehave the way
 * real servers and proxies do, so retry / defensive-parsing code can be tested.
 */
import { STATUS_CODES, type ServerResponse } from 'http';

export type Fault =
	| { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { type: 'drop' }
	| { type: 'nonJson'; body?: string }
	| { type: 'empty'; status?: number }
	| { type: 'html'; status?: number }
	| { type: 'delay'; ms: number }
	| { type: 'mysqlError' };

export const FAULT_TYPES = ['status', 'drop', 'nonJson', 'empty', 'html', 'delay', 'mysqlError'] as const;

interface Pending {
	remaining: number;
	fault: Fault;
	onlyMethod?: string;
}

export class FaultQueue {
	private pending: Pending[] = [];

	add(count: number, fault: Fault, onlyMethod?: string): void {
		if (!FAULT_TYPES.includes(fault?.type)) throw new Error(`Unknown fault type: ${String(fault?.type)}`);
		if (count > 0) this.pending.push({ remaining: Math.floor(count), fault, onlyMethod: onlyMethod?.toLowerCase() });
	}

	/** The fault for this call, if any (consumes one use), first queued first served. */
	take(method: string): Fault | undefined {
		const m = method.toLowerCase();
		const p = this.pending.find((x) => !x.onlyMethod || x.onlyMethod === m);
		if (!p) return undefined;
		if (--p.remaining <= 0) this.pending.splice(this.pending.indexOf(p), 1);
		return p.fault;
	}

	clear(): void {
		this.pending = [];
	}

	get size(): number {
		return this.pending.reduce((n, p) => n + p.remaining, 0);
	}
}

export const MYSQL_ERROR_TEXT =
	"MySQL Error: You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '' at line 1";

const HTML_PAGE = (status: number) =>
	`<html>\r\n<head><title>${status} ${STATUS_CODES[status] ?? ''}</title></head>\r\n<body>\r\n<center><h1>${status} ${STATUS_CODES[status] ?? ''}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/**
 * Writes the fault's reply. Returns the HTTP status written (0 when the socket was
 * dropped), or undefined for `delay`, after which the call proceeds normally.
 */
export function writeFault(fault: Fault, res: ServerResponse): number | undefined {
	switch (fault.type) {
		case 'delay':
			return undefined;
		case 'drop':
			res.socket?.destroy();
			return 0;
		case 'status': {
			const body = fault.body === undefined ? { status: fault.status, message: 'Injected fault', data: [] } : fault.body;
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			res.writeHead(fault.status, {
				'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
				...fault.headers,
			});
			res.end(text);
			return fault.status;
		}
		case 'nonJson':
			// Claims JSON but is not: what a PHP notice printed before the reply looks like.
			res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
			res.end(fault.body ?? '<br />\n<b>Warning</b>:  Undefined index: token in <b>/var/www/html/API.php</b> on line <b>42</b><br />\n');
			return 200;
		case 'empty': {
			const status = fault.status ?? 200;
			res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '0' });
			res.end();
			return status;
		}
		case 'html': {
			const status = fault.status ?? 502;
			res.writeHead(status, { 'Content-Type': 'text/html' });
			res.end(HTML_PAGE(status));
			return status;
		}
		case 'mysqlError':
			res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' });
			res.end(MYSQL_ERROR_TEXT);
			return 200;
	}
}
