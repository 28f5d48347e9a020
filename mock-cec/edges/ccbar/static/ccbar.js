// The connection bar inside the frame named "ccbarclient", on the CEC's origin. It uses the agent gateway's
// REST API exactly as a third party could (sign-in with Set-GUID, the Guid header, the event long poll), and
// forwards the events the host page subscribed to (postMessage {name: "eventpost"}) to the page.
(() => {
  const params = new URLSearchParams(location.search);
  const tenant = params.get('tenant') ?? '';
  const hostOrigin = params.get('host') || '*';
  const $ = (id) => document.getElementById(id);
  const ui = {
    bar: document.querySelector('.bar'),
    agent: $('agent'),
    status: $('status'),
    incoming: $('incoming'),
    wrapUp: $('wrap-up'),
    notice: $('notice'),
    skills: $('skills'),
    signIn: $('sign-in'),
    takeOver: $('take-over'),
    signOut: $('sign-out'),
    ready: $('ready'),
    busy: $('busy'),
    busyReason: $('busy-reason'),
    rest: $('rest'),
    work: $('work'),
    answer: $('answer'),
    hangUp: $('hang-up'),
    recording: $('recording'),
    stopRecording: $('stop-recording'),
    hold: $('hold'),
    takeBack: $('take-back'),
    mute: $('mute'),
    unmute: $('unmute'),
    callOutForm: $('call-out-form'),
    number: $('number'),
    callOut: $('call-out'),
    transferForm: $('transfer-form'),
    transferKind: $('transfer-kind'),
    transferTo: $('transfer-to'),
    transferMode: $('transfer-mode'),
    transfer: $('transfer'),
    innerForm: $('internal-call-form'),
    innerKind: $('inner-kind'),
    innerTo: $('inner-to'),
    innerCall: $('internal-call'),
    consultForm: $('consult-form'),
    helper: $('helper'),
    consult: $('consult'),
    conference: $('conference'),
    consultTransfer: $('consult-transfer'),
    consultCancel: $('consult-cancel'),
    disconnectForm: $('disconnect-form'),
    disconnectNumber: $('disconnect-number'),
    disconnect: $('disconnect'),
  };
  // disconnect/{number} (cec_07_1248): release one number of the call (a helper, an outside number, the customer).
  const disconnectFields = ['disconnectNumber', 'disconnect'];
  const transferFields = ['transferKind', 'transferTo', 'transferMode', 'transfer'];
  const innerFields = ['innerKind', 'innerTo', 'innerCall'];
  const labels = {
    offline: 'Offline',
    idle: 'Ready',
    busy: 'Busy',
    rest: 'Rest',
    work: 'Wrap-up',
    ringing: 'Ringing',
    dialing: 'Calling',
    talking: 'Talking',
    consulting: 'Consulting',
  };
  // What each state lets the agent do.
  const enabled = {
    offline: ['signIn', 'takeOver', 'skills'],
    idle: ['signOut', 'busy', 'busyReason', 'rest', 'work', 'number', 'callOut', ...innerFields],
    busy: ['signOut', 'ready', 'busy', 'busyReason', 'rest', 'work', 'number', 'callOut', ...innerFields],
    rest: ['signOut', 'ready', 'busy', 'busyReason', 'work', 'number', 'callOut', ...innerFields],
    work: ['signOut', 'ready', 'busy', 'busyReason', 'rest', 'number', 'callOut', ...innerFields],
    ringing: ['answer', 'hangUp'],
    dialing: ['hangUp'],
    // Wrap-up during a call: the agent goes to after-call work when the call ends.
    talking: [
      'hangUp',
      'busy',
      'busyReason',
      'work',
      'hold',
      'takeBack',
      'mute',
      'unmute',
      ...transferFields,
      'helper',
      'consult',
      'stopRecording',
      ...disconnectFields,
    ],
    // A consult (docs/vendor/consult-and-conference.md): the customer waits on hold while the agents talk.
    consulting: ['hangUp', 'conference', 'consultTransfer', 'consultCancel', ...disconnectFields],
  };
  // During a call: Hold or Take Back, Mute or Unmute, by what the call is now.
  const callControls = () => ({
    hold: !bar.held,
    takeBack: bar.held,
    mute: !bar.muted,
    unmute: bar.muted,
  });
  const REST_SECONDS = 900;
  const bar = {
    agent: null,
    guid: null,
    state: 'offline',
    subscriptions: new Set(),
    pollGeneration: 0,
    signingOut: false,
    // The platform records the call (AgentMediaEvent_Record) until StopRecordDone or the release.
    recording: false,
    /** The call is held (AgentEvent_Hold; Talking again after a take back). */
    held: false,
    /** The customer does not hear the agent (beginmute answered 0). */
    muted: false,
    wrapUpTimer: null,
    /** The customer's call, and the consult's help call while one goes on. */
    callId: null,
    helpCallId: null,
  };

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function render() {
    ui.bar.dataset.state = bar.state;
    ui.recording.hidden = !bar.recording;
    ui.stopRecording.hidden = !bar.recording;
    ui.status.textContent = labels[bar.state];
    for (const key of Object.keys(ui)) {
      if (
        ui[key] instanceof HTMLButtonElement ||
        ui[key] instanceof HTMLInputElement ||
        ui[key] instanceof HTMLSelectElement
      ) {
        ui[key].disabled = !bar.agent || !enabled[bar.state].includes(key) || callControls()[key] === false;
      }
    }
    ui.hold.hidden = !ui.takeBack.disabled;
    ui.takeBack.hidden = ui.takeBack.disabled;
    ui.mute.hidden = !ui.unmute.disabled;
    ui.unmute.hidden = ui.unmute.disabled;
  }

  function notice(text) {
    ui.notice.textContent = text ?? '';
    ui.notice.hidden = !text;
  }

  function incoming(text) {
    ui.incoming.textContent = text ?? '';
    ui.incoming.hidden = !text;
  }

  /**
   * The wrap-up countdown after a call: the tenant's wrap-up time (from the bar session) counted
   * down on screen. The CEC ends the wrap-up itself (on its own clock); the countdown only shows it.
   */
  function startWrapUp() {
    stopWrapUp();
    const seconds = bar.agent?.wrapUpSeconds ?? 0;
    const ends = Date.now() + seconds * 1000;
    const show = () => {
      const left = Math.max(0, Math.ceil((ends - Date.now()) / 1000));
      ui.wrapUp.textContent =
        seconds > 0 ? `Wrap-up ends in ${left} s` : 'Wrap-up: press Ready when you are done';
    };
    show();
    ui.wrapUp.hidden = false;
    if (seconds > 0) bar.wrapUpTimer = setInterval(show, 1000);
  }

  function stopWrapUp() {
    if (bar.wrapUpTimer) clearInterval(bar.wrapUpTimer);
    bar.wrapUpTimer = null;
    ui.wrapUp.hidden = true;
  }

  function toHost(message) {
    parent.postMessage({ source: 'ccbarclient', ...message }, hostOrigin);
  }

  async function gateway(method, path, body) {
    const headers = { 'Content-Type': 'application/json;charset=UTF-8' };
    if (bar.guid) headers.Guid = bar.guid;
    const res = await fetch(`${bar.agent.gateway}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    const setGuid = res.headers.get('Set-GUID');
    if (setGuid) bar.guid = setGuid.replace(/^JSESSIONID=/, '');
    return res.json();
  }

  /** Run a gateway request from a button: a refusal becomes the notice, with the vendor's retcode. */
  async function act(method, path, body) {
    notice('');
    try {
      const res = await gateway(method, path, body);
      if (res.retcode !== '0') notice(`${res.message} (${res.retcode})`);
      return res;
    } catch {
      notice('The CEC cannot be reached');
      return undefined;
    }
  }

  // The agent's own call (Call Out, or an internal call it made): its phone rings first. Agents are "a" + workNo.
  const ownCall = (c) => c?.feature === '7' || (c?.feature === '6' && c.caller === `a${bar.agent?.workNo}`);
  const describeCall = (c) => (ownCall(c) ? c.called : c?.caller) ?? 'unknown number';

  function offered(c) {
    setState('ringing');
    incoming(
      ownCall(c)
        ? `Your phone is ringing to call ${describeCall(c)}`
        : c?.transfer === 'yes'
          ? `Call from ${describeCall(c)} transferred by agent ${c.transfrom}`
          : `Incoming call from ${describeCall(c)}`,
    );
    toHost({ type: 'open' });
  }

  const onEvent = {
    AgentState_Ready: () => setState('idle'),
    AgentState_SetNotReady_Success: () => setState('busy'),
    AgentState_SetRest_Success: () => setState('rest'),
    AgentState_Rest_Timeout: () => notice('Your rest time is over'),
    AgentState_SetWork_Success: () => setState('work'),
    // After a call: after-call work, with its countdown.
    AgentState_Work: () => {
      if (['talking', 'ringing', 'dialing'].includes(bar.state)) startWrapUp();
      setState('work');
    },
    AgentOther_PhoneAlerting: () => setState('ringing'),
    AgentEvent_Ringing: (c) => offered(c),
    // Auto-answer on: the phone answers by itself; the bar shows the call the same way meanwhile.
    AgentEvent_Auto_Answer: (c) => offered(c),
    AgentEvent_Customer_Alerting: (c) => {
      setState('dialing');
      incoming(`Calling ${c?.otherPhone ?? 'the customer'}…`);
    },
    AgentEvent_Hold: () => {
      // A consult holds the customer too: the bar shows the consult, not a hold to take back.
      if (bar.helpCallId) return;
      bar.held = true;
      render();
      incoming('On hold: the customer hears the hold tone');
    },
    AgentEvent_Talking: (c) => {
      bar.held = false;
      // The help call (type assistant) of this agent's own consult: the helper answered.
      if (c?.type === 'assistant' && c.callid === bar.helpCallId) {
        setState('consulting');
        incoming(`Consulting agent ${c.called}; the customer is on hold`);
        return;
      }
      if (c?.type === 'main') bar.callId = c.callid;
      setState('talking');
      incoming(`On a call with ${describeCall(c)}`);
    },
    AgentEvent_Consult_Fail: () => {
      bar.helpCallId = null;
      notice('Nobody answered the consult: you are back with the customer');
      setState('talking');
    },
    AgentEvent_Connect_Fail: () => {
      bar.held = false;
      notice('The number could not be reached: you are back with the customer');
      setState('talking');
    },
    AgentEvent_ReturnFromIvr: () => {
      setState('talking');
      incoming('The call is back from the IVR');
    },
    AgentEvent_Conference: (c) => {
      bar.helpCallId = null;
      setState('talking');
      incoming(`Three-party call with ${c?.partner ?? 'the others'}`);
    },
    AgentEvent_Call_Release: (callid) => {
      // The help call ended (cancelled, or the helper hung up): back with the customer.
      if (callid && callid === bar.helpCallId) {
        bar.helpCallId = null;
        setState('talking');
        incoming('Back with the customer');
        return;
      }
      incoming('');
      recording(false);
    },
    AgentMediaEvent_Record: () => recording(true),
    AgentMediaEvent_StopRecordDone: () => recording(false),
    AgentEvent_Customer_Release: () => notice('The customer hung up'),
    AgentEvent_No_Answer: () => {
      incoming('');
      notice('Missed call: it was not answered in time, so you are now Busy');
    },
    AgentEvent_Call_Out_Fail: () => {
      incoming('');
      notice('The call could not be connected');
    },
    AgentEvent_Inside_Call_Fail: () => {
      incoming('');
      notice('The internal call could not be connected');
    },
    AgentEvent_SuccTransResult: (c) =>
      notice(
        c?.result === 0 ? 'The call was transferred' : 'The transfer failed: you are still with the customer',
      ),
    AgentOther_ShutdownService: () =>
      goOffline(
        bar.signingOut
          ? ''
          : 'Signed out by the CEC: the agent was not polled in time or signed in elsewhere',
      ),
  };

  function recording(on) {
    bar.recording = on;
    render();
  }

  function setState(state) {
    // A call's hold and mute end with it.
    if (state !== 'talking') {
      bar.held = false;
      bar.muted = false;
    }
    if (state !== 'work') stopWrapUp();
    bar.state = state;
    render();
  }

  function handle(event) {
    // Forwarded first: handling AgentOther_ShutdownService ends the bar's session.
    if (bar.subscriptions.has(event.eventType)) {
      toHost({
        type: 'event',
        event: { eventType: event.eventType, workNo: event.workNo, content: event.content },
      });
    }
    onEvent[event.eventType]?.(event.content);
  }

  function goOffline(why) {
    bar.pollGeneration++;
    bar.guid = null;
    bar.recording = false;
    incoming('');
    if (why) notice(why);
    setState('offline');
  }

  /** The event long poll: again at once after an event, 200 ms after an empty answer (vendor: 200–500 ms). */
  async function poll(generation) {
    while (generation === bar.pollGeneration) {
      let res;
      try {
        res = await gateway('GET', `/agentevent/${bar.agent.workNo}`);
      } catch {
        if (generation !== bar.pollGeneration) return;
        notice('Connection to the CEC lost; retrying');
        await pause(1000);
        continue;
      }
      if (generation !== bar.pollGeneration) return;
      if (res.retcode === '0') {
        if (res.event) handle(res.event);
        else await pause(200);
        continue;
      }
      goOffline(
        bar.signingOut
          ? ''
          : res.retcode === '100-006'
            ? 'Signed out by the CEC: the agent was not polled in time or signed in elsewhere (100-006)'
            : `Session ended: ${res.message} (${res.retcode})`,
      );
      return;
    }
  }

  async function signIn(force) {
    const a = bar.agent;
    bar.signingOut = false;
    bar.guid = null;
    const res = await act('PUT', `/onlineagent/${a.workNo}${force ? '/forcelogin' : ''}`, {
      password: a.password,
      phonenum: a.phonenum,
      // The bar answers with its Answer button, not automatically. [choice]
      autoanswer: false,
      autoenteridle: true,
      releasephone: true,
      agenttype: 4,
      status: 4,
    });
    ui.takeOver.hidden = res?.retcode !== '100-002';
    if (res?.retcode === '100-002')
      notice('This agent is signed in elsewhere: Take Over signs that session out');
    if (res?.retcode !== '0') return;
    bar.pollGeneration++;
    poll(bar.pollGeneration);
    // The documented sign-in flow signs in to the skill queues next (cec_05_4015): all configured
    // ones, or those typed in Skills ("1;2").
    const skills = ui.skills.value.trim();
    await act(
      'POST',
      skills
        ? `/onlineagent/${a.workNo}/resetskill/false?skillid=${encodeURIComponent(skills)}`
        : `/onlineagent/${a.workNo}/resetskill/true`,
    );
  }

  function callOut(number, mode) {
    if (!bar.agent || bar.state === 'offline') {
      notice('Sign in before calling out');
      return;
    }
    if (!/^[0-9*#]{1,24}$/.test(number)) {
      notice('The number may hold digits, * and # only');
      return;
    }
    // "video" asks for a video call; a voice-only tenant refuses it, and the notice says why.
    act('PUT', `/voicecall/${bar.agent.workNo}/callout`, {
      called: number,
      mediaability: mode === 'video' ? 1 : 0,
    });
  }

  // The vendor's mode codes by devicetype (cec_07_1242): an outside number counts release from 1.
  const MODE_CODES = {
    1: { release: 0, success: 2 },
    2: { release: 0, success: 2 },
    3: { release: 0, suspend: 1 },
    4: { release: 0, success: 2 },
    5: { release: 1, success: 2, talk: 3, 'three-way': 4 },
  };
  const MODES_FOR = {
    talk: 'an outside number',
    'three-way': 'an outside number',
    suspend: 'an IVR flow',
    success: 'an agent, a skill queue, an access code or a number',
  };

  function transfer(devicetype, address, mode) {
    const code = MODE_CODES[devicetype]?.[mode];
    if (code === undefined) {
      notice(`A ${mode} transfer is only for ${MODES_FOR[mode] ?? 'another kind of target'}`);
      return;
    }
    if (!/^[0-9]{1,24}$/.test(address)) {
      notice('Transfer to digits only');
      return;
    }
    act('POST', `/voicecall/${bar.agent.workNo}/transfer`, { devicetype, address, mode: code });
  }

  function callInner(kind, to) {
    if (!/^[0-9]{1,6}$/.test(to)) {
      notice('An agent or skill is a number');
      return;
    }
    if (kind === 'skill')
      act('PUT', `/voicecall/${bar.agent.workNo}/callinnerskill`, { skillId: Number(to) });
    else act('PUT', `/voicecall/${bar.agent.workNo}/callinner`, { called: to });
  }

  ui.signIn.addEventListener('click', () => signIn(false));
  ui.takeOver.addEventListener('click', () => signIn(true));
  ui.signOut.addEventListener('click', async () => {
    // The poll goes on until AgentOther_ShutdownService arrives: the page hears of the sign-out too.
    bar.signingOut = true;
    const res = await act('DELETE', `/onlineagent/${bar.agent.workNo}/logout`);
    if (res?.retcode !== '0') bar.signingOut = false;
  });
  // Ready in wrap-up ends the wrap-up (cancelwork); elsewhere it is sayfree.
  ui.ready.addEventListener('click', () =>
    act('POST', `/onlineagent/${bar.agent.workNo}/${bar.state === 'work' ? 'cancelwork' : 'sayfree'}`),
  );
  ui.work.addEventListener('click', () => act('POST', `/onlineagent/${bar.agent.workNo}/work`));
  ui.busy.addEventListener('click', () =>
    act('POST', `/onlineagent/${bar.agent.workNo}/saybusy?reason=${ui.busyReason.value}`),
  );
  ui.rest.addEventListener('click', () =>
    act('POST', `/onlineagent/${bar.agent.workNo}/rest/${REST_SECONDS}/0`),
  );
  ui.answer.addEventListener('click', () => act('PUT', `/voicecall/${bar.agent.workNo}/answer`));
  ui.hangUp.addEventListener('click', () => act('DELETE', `/voicecall/${bar.agent.workNo}/release`));
  ui.stopRecording.addEventListener('click', () =>
    act('DELETE', `/recordplay/${bar.agent.workNo}/stoprecord`),
  );
  ui.hold.addEventListener('click', () => act('POST', `/voicecall/${bar.agent.workNo}/hold`));
  ui.takeBack.addEventListener('click', () => act('POST', `/voicecall/${bar.agent.workNo}/gethold`));
  const setMute = async (on) => {
    const res = await act('POST', `/voicecall/${bar.agent.workNo}/${on ? 'beginmute' : 'endmute'}`);
    if (res?.retcode === '0') {
      bar.muted = on;
      render();
    }
  };
  ui.mute.addEventListener('click', () => setMute(true));
  ui.unmute.addEventListener('click', () => setMute(false));
  ui.consultForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const helper = ui.helper.value.trim();
    if (!/^\d{3,6}$/.test(helper)) {
      notice('Enter the work number of the agent to consult');
      return;
    }
    const res = await act('POST', `/voicecall/${bar.agent.workNo}/innerhelp`, {
      dstaddress: helper,
      devicetype: 2,
      mode: 1,
    });
    if (res?.retcode === '0') {
      bar.helpCallId = res.result;
      setState('consulting');
      incoming(`Calling agent ${helper}; the customer is on hold`);
    }
  });
  ui.conference.addEventListener('click', () =>
    act('POST', `/voicecall/${bar.agent.workNo}/confjoin`, { callid: bar.callId }),
  );
  // The vendor's way to hand the customer to the helper: the asking agent hangs up (cec_05_4040).
  ui.consultTransfer.addEventListener('click', () => act('DELETE', `/voicecall/${bar.agent.workNo}/release`));
  ui.consultCancel.addEventListener('click', () =>
    act('POST', `/voicecall/${bar.agent.workNo}/dropcall/${encodeURIComponent(bar.helpCallId ?? '')}`),
  );
  ui.disconnectForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const number = ui.disconnectNumber.value.trim();
    if (!/^[0-9]{1,24}$/.test(number)) {
      notice('Release digits only');
      return;
    }
    act('POST', `/voicecall/${bar.agent.workNo}/disconnect/${number}`);
  });
  ui.callOutForm.addEventListener('submit', (e) => {
    e.preventDefault();
    callOut(ui.number.value.trim());
  });
  ui.transferForm.addEventListener('submit', (e) => {
    e.preventDefault();
    transfer(Number(ui.transferKind.value), ui.transferTo.value.trim(), ui.transferMode.value);
  });
  ui.innerForm.addEventListener('submit', (e) => {
    e.preventDefault();
    callInner(ui.innerKind.value, ui.innerTo.value.trim());
  });

  // The host page talks to the frame: {name: "eventpost", param: [event types]} and {name: "callout", param}.
  // Early bars took only the JSON string, newer ones also the object: both are accepted. [doc]
  window.addEventListener('message', (e) => {
    if (e.source !== parent || (hostOrigin !== '*' && e.origin !== hostOrigin)) return;
    let msg = e.data;
    if (typeof msg === 'string') {
      try {
        msg = JSON.parse(msg);
      } catch {
        return;
      }
    }
    if (!msg || typeof msg !== 'object') return;
    if (msg.name === 'eventpost') {
      for (const type of Array.isArray(msg.param) ? msg.param : [msg.param]) {
        if (typeof type === 'string') bar.subscriptions.add(type);
      }
    } else if (msg.name === 'callout') {
      const number = Array.isArray(msg.param) ? msg.param[0] : msg.param?.number;
      const mode = Array.isArray(msg.param) ? msg.param[1] : msg.param?.mode;
      callOut(String(number ?? ''), mode);
    }
  });

  async function start() {
    render();
    const res = await fetch(`session?tenant=${encodeURIComponent(tenant)}`, { credentials: 'same-origin' });
    if (!res.ok) {
      ui.agent.textContent = 'No bar session';
      notice('The bar session is missing or has expired (cookies blocked?): reload the page');
      return;
    }
    bar.agent = await res.json();
    ui.agent.textContent = `${bar.agent.name ?? bar.agent.accountCode} · agent ${bar.agent.workNo}`;
    render();
  }

  start();
})();
