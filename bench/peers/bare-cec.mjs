// The ceiling: a bare node:http server with the same token rules as mock-cec
// (TokenByAkSk validation and issue, QueryAgentInfo bearer + X-APP-Key check),
// no framework, no journal, no faults. Usage: node bare-cec.mjs PORT TENANT.json
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const tenant = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const tokens = new Map();
const JSON_UTF8 = 'application/json;charset=UTF-8';
const agents = tenant.agents.map((a) => ({
  workNo: a.workNo,
  sipAccount: a.sipAccount,
  sipPwd: a.sipPwd,
  accountCode: a.accountCode,
}));

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_UTF8, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function tokenByAkSk(req, res, raw) {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    return send(res, 400, { error_msg: 'content type' });
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return send(res, 400, { error_msg: 'json' });
  }
  if (body.app_key !== tenant.app.appKey || body.app_secret !== tenant.app.appSecret)
    return send(res, 401, { error_msg: 'credentials' });
  const expire = req.headers['x-token-expire'];
  const lifetime = expire === undefined ? 600 : Number(expire);
  if (!(lifetime >= 1 && lifetime <= 3600)) return send(res, 400, { error_msg: 'expire' });
  const now = Date.now();
  const token = randomBytes(20).toString('hex');
  tokens.set(token, { appKey: body.app_key, expiresAt: now + lifetime * 1000 });
  if (tokens.size > 10_000) tokens.delete(tokens.keys().next().value);
  send(res, 200, {
    AccessToken: token,
    ApplyType: 'Bearer',
    CreateTime: String(Math.floor(now / 1000)),
    Expires: String(lifetime),
    Scope: 'default',
    AppKey: body.app_key,
    UserID: 'Anonymous',
  });
}

function queryAgentInfo(req, res) {
  const m = /^Bearer ([^\s]+)$/.exec(req.headers.authorization ?? '');
  const t = m && tokens.get(m[1]);
  if (!t || t.expiresAt <= Date.now() || t.appKey !== req.headers['x-app-key'])
    return send(res, 401, { error_msg: 'token' });
  send(res, 200, { sipServiceIp: '127.0.0.1', sipServicePort: '5060', agents });
}

createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/apigovernance/api/oauth/tokenByAkSk') {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => tokenByAkSk(req, res, raw));
    return;
  }
  if (req.method === 'GET' && req.url === '/apiaccess/CC-Management/v1/queryAgentInfo')
    return queryAgentInfo(req, res);
  if (req.url === '/__mock/health') return send(res, 200, { status: 'ok' });
  send(res, 404, { error_msg: 'not found' });
}).listen(port, '127.0.0.1');
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => process.exit(0));
