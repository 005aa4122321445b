import t from 'tap';
import { validityText } from '../../src/pki/validity.js';

const notAfter = new Date('2026-01-02T00:00:00Z');
const at = (iso: string): Date => new Date(iso);

t.equal(validityText(notAfter, at('2025-01-02T00:01:00Z')), 'expires in 364d', 'a year, less a minute');
t.equal(validityText(notAfter, at('2026-01-01T18:48:00Z')), 'expires in 5h12m');
t.equal(validityText(notAfter, at('2026-01-01T00:00:00Z')), 'expires in 24h');
t.equal(validityText(notAfter, notAfter), 'expires in 0s');
t.equal(validityText(notAfter, at('2026-01-02T00:00:00.500Z')), 'expired 0s ago');
t.equal(validityText(notAfter, at('2026-01-04T03:00:00Z')), 'expired 2d3h ago');
t.equal(validityText(notAfter, at('2029-01-12T00:00:00Z')), 'expired 3y11d ago');

const notBefore = new Date('2030-01-01T00:00:00Z');
t.equal(validityText(new Date('2031-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'), notBefore), 'not valid for another 4y', 'not started: not "expires in 5y"');
t.equal(validityText(new Date('2031-01-01T00:00:00Z'), notBefore, notBefore), 'expires in 365d', 'valid from notBefore itself');
