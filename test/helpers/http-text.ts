// GET http://127.0.0.1:PORT/PATH as text: the approver's /metrics, /healthz and /readyz, in-process and end to end.
import { get as httpGet } from 'node:http';

export function fetchText(port: number, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    }).on('error', reject);
  });
}
