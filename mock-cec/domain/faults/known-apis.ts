/**
 * The API names a fault rule may name (`api:`): every vendor route's `api`
 * and the token callback's. Kept as data here, not imported from the routes,
 * so the rule schema stays free of the HTTP side; known-apis.test.ts checks
 * that the list and the routes agree.
 */
export const KNOWN_APIS: readonly string[] = [
  'TokenByAkSk',
  'QueryAgentInfo',
  'QuerySysInfo',
  'QueryAgentLoginParams',
  'QueryCallInfoByCallId',
  'onlineagent.signIn',
  'onlineagent.forceLogin',
  'onlineagent.logout',
  'onlineagent.forceLogout',
  'onlineagent.sayfree',
  'onlineagent.saybusy',
  'onlineagent.cancelbusy',
  'onlineagent.rest',
  'onlineagent.cancelrest',
  'onlineagent.work',
  'onlineagent.cancelwork',
  'onlineagent.autoanswer',
  'onlineagent.resetskill',
  'onlineagent.agentskills',
  'agentevent.poll',
  'agentgateway.unknown',
  'voicecall.answer',
  'voicecall.callout',
  'voicecall.release',
  'voicecall.transfer',
  'voicecall.callinner',
  'voicecall.callinnerskill',
  'voicecall.hold',
  'voicecall.gethold',
  'voicecall.connecthold',
  'voicecall.beginmute',
  'voicecall.endmute',
  'voicecall.innerhelp',
  'voicecall.confjoin',
  'voicecall.dropcall',
  'voicecall.disconnect',
  'calldata.appdata',
  'calldata.setcalldataex',
  'calldata.callinfobeforeanswer',
  'calldata.callinfobycallid',
  'recordplay.stoprecord',
  'ccbarclient',
  'ccbarclient.preflight',
  'ccbar.frame',
  'ccbar.ccbar.js',
  'ccbar.ccbar.css',
  'ccbar.session',
  'ThirdPartyValidate',
];

const known = new Set(KNOWN_APIS);

export function isKnownApi(name: string): boolean {
  return known.has(name);
}

export function unknownApiMessage(name: string): string {
  return `unknown API "${name}"; known: ${KNOWN_APIS.join(', ')}`;
}
