import { LruCache } from '../../../nodes/core/cache';

describe('LruCache', () => {
	it('keeps at most max entries, dropping the least recently used', () => {
		const cache = new LruCache<number>(2);
		cache.set('a', 1);
		cache.set('b', 2);
		expect(cache.get('a')).toBe(1); // a is now the most recent
		cache.set('c', 3);
		expect(cache.get('b')).toBeUndefined();
		expect(cache.get('a')).toBe(1);
		expect(cache.get('c')).toBe(3);
		expect(cache.size).toBe(2);
	});

	it('overwrites and deletes', () => {
		const cache = new LruCache<string>(3);
		cache.set('k', 'x');
		cache.set('k', 'y');
		expect(cache.get('k')).toBe('y');
		cache.delete('k');
		expect(cache.get('k')).toBeUndefined();
		expect(cache.size).toBe(0);
	});
});
