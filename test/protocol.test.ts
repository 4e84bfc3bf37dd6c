import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MediaType } from '../src/machine/types';
import {
  buildOfflinePushInfo,
  type CallDescriptor,
  type CallPayload,
  decodeCallData,
  encodeSignal,
  markConsumed,
  type OutboundSignal,
  serializeCallData,
} from '../src/protocol';
import golden from './fixtures/golden-payloads.json';

interface GoldenEntry {
  readonly id: string;
  readonly data: string;
  readonly dataParsed: Record<string, unknown>;
  readonly variants?: readonly GoldenEntry[];
}

const entries = new Map<string, GoldenEntry>();
for (const p of golden.payloads as readonly GoldenEntry[]) {
  entries.set(p.id, p);
  for (const v of p.variants ?? []) entries.set(v.id, v);
}

function entry(id: string): GoldenEntry {
  const e = entries.get(id);
  if (e === undefined) throw new Error(`golden payload ${id} missing from the fixture`);
  return e;
}

/** Only `platform` is variable between our output and a capture; everything else must match. */
function withoutVariable(obj: Record<string, unknown>): Record<string, unknown> {
  const { platform: _platform, ...rest } = obj;
  return rest;
}

const num = (v: unknown): number => {
  if (typeof v !== 'number') throw new Error('expected a number in the fixture');
  return v;
};
const inner = (e: GoldenEntry): Record<string, unknown> => e.dataParsed.data as Record<string, unknown>;
const topRoom = (e: GoldenEntry): number => num(e.dataParsed.room_id);
const mediaOf = (e: GoldenEntry): MediaType => (e.dataParsed.call_type === 2 ? 'video' : 'audio');

function callOf(e: GoldenEntry, over: Partial<CallDescriptor> = {}): CallDescriptor {
  return {
    mediaType: mediaOf(e),
    roomId: topRoom(e),
    strRoomId: '',
    inviter: String(inner(e).inviter),
    group: false,
    ...over,
  };
}

/** How each golden payload is produced from an OutboundSignal, with values taken from the fixture. */
const signalFor: Record<string, (e: GoldenEntry) => OutboundSignal> = {
  A: (e) => ({ type: 'invite', call: callOf(e), userIDs: ['bob'], userData: '' }),
  'A-strRoom': (e) => ({
    type: 'invite',
    call: callOf(e, { roomId: 0, strRoomId: String(inner(e).str_room_id) }),
    userIDs: ['bob'],
    userData: String(e.dataParsed.userData),
  }),
  B: (e) => ({ type: 'invite', call: callOf(e, { group: true }), userIDs: ['bob', 'carol'], userData: '' }),
  C: (e) => ({
    type: 'invite',
    call: callOf(e, { group: true }),
    userIDs: ['dave'],
    userData: '',
    inCallUserIDs: ['bob'],
    initialCallId: 'inv-1',
  }),
  D: (e) => ({ type: 'accept', call: callOf(e) }),
  F: (e) => ({ type: 'reject', call: callOf(e) }),
  'F-group': (e) => ({ type: 'reject', call: callOf(e, { group: true }) }),
  // The busy side still knows the room of the invitation it refuses; the payload must not name it.
  G: (e) => ({ type: 'reject', call: callOf(e, { roomId: 987654 }), busy: true }),
  H: (e) => ({ type: 'cancel', call: callOf(e) }),
  K: (e) => ({ type: 'hangup', call: callOf(e), durationSec: num(e.dataParsed.call_end) }),
  L: (e) => ({ type: 'hangup', call: callOf(e, { group: true }), durationSec: num(e.dataParsed.call_end) }),
  // The switch request names no inviter even though the engine knows the caller.
  M: (e) => ({ type: 'switchToAudio', call: callOf(e, { inviter: 'alice' }) }),
  N: (e) => ({ type: 'switchAccept', call: callOf(e, { roomId: 1258947667, inviter: 'alice' }) }),
};

describe('encodeSignal matches the golden payloads', () => {
  it('covers every payload in the fixture except E (tested via markConsumed)', () => {
    expect([...entries.keys()].filter((id) => id !== 'E').sort()).toEqual(Object.keys(signalFor).sort());
  });

  for (const [id, make] of Object.entries(signalFor)) {
    it(`payload ${id}`, () => {
      const e = entry(id);
      expect(withoutVariable(encodeSignal(make(e)))).toEqual(withoutVariable(e.dataParsed));
    });

    it(`payload ${id} serialises to the captured bytes apart from platform and the newline`, () => {
      const e = entry(id);
      expect(serializeCallData(encodeSignal(make(e), { platform: 'Linux' })) + '\n').toBe(e.data);
    });
  }

  it('group accept has the same shape as the 1v1 accept D', () => {
    const e = entry('D');
    expect(withoutVariable(encodeSignal({ type: 'accept', call: callOf(e, { group: true }) }))).toEqual(
      withoutVariable(e.dataParsed),
    );
  });

  it('E: markConsumed adds data.consumed to the invitation and keeps everything else', () => {
    const e = entry('E');
    const invitation = encodeSignal({ type: 'invite', call: callOf(e), userIDs: ['bob'], userData: '' });
    const marked = markConsumed(invitation);
    expect(withoutVariable(marked)).toEqual(withoutVariable(e.dataParsed));
    expect(marked.platform).toBe('Web');
    // A deep copy: the invitation object is untouched.
    expect((invitation.data as Record<string, unknown>).consumed).toBeUndefined();
  });

  it('markConsumed keeps a received platform and creates data for pre-v4 messages', () => {
    const received = { ...entry('A').dataParsed, platform: 'Android' };
    expect(markConsumed(received).platform).toBe('Android');
    expect(markConsumed({ version: 4, call_type: 1, room_id: 3 })).toEqual({
      version: 4,
      call_type: 1,
      room_id: 3,
      data: { consumed: true },
    });
  });

  it('defaults platform to Web and honours the option', () => {
    const signal = signalFor.A!(entry('A'));
    expect(encodeSignal(signal).platform).toBe('Web');
    expect(encodeSignal(signal, { platform: 'Mac OS' }).platform).toBe('Mac OS');
  });

  it('an audio invitation uses call_type 1 and cmd audioCall', () => {
    const out = encodeSignal({
      type: 'invite',
      call: { mediaType: 'audio', roomId: 7, strRoomId: '', inviter: 'alice', group: false },
      userIDs: ['bob'],
      userData: 'x',
    });
    expect(out.call_type).toBe(1);
    expect((out.data as Record<string, unknown>).cmd).toBe('audioCall');
    expect(out.userData).toBe('x');
  });
});

/** Normalised fields expected from decoding each golden data string. */
const decoded: Record<string, Partial<CallPayload>> = {
  A: {
    mediaType: 'video',
    cmd: 'videoCall',
    roomId: 1258947667,
    strRoomId: '',
    inviter: 'alice',
    userIDs: ['bob'],
  },
  'A-strRoom': {
    mediaType: 'video',
    cmd: 'videoCall',
    roomId: 0,
    strRoomId: 'room_abc',
    userData: '{"k":1}',
  },
  B: { mediaType: 'audio', cmd: 'audioCall', roomId: 1234, inviter: 'alice', userIDs: ['bob', 'carol'] },
  C: { cmd: 'audioCall', roomId: 1234, userIDs: ['dave'], inCallUserIDs: ['bob'], initialCallId: 'inv-1' },
  D: { mediaType: 'video', cmd: '', roomId: 55555, inviter: 'bob', userIDs: [], consumed: false },
  E: { cmd: 'audioCall', roomId: 1699930376, inviter: 'alice', consumed: true },
  F: { cmd: '', roomId: 55555, inviter: 'bob', lineBusy: false },
  'F-group': { cmd: '', roomId: 55555, inviter: 'bob', lineBusy: false },
  G: { cmd: '', roomId: 0, inviter: 'carol', lineBusy: true, message: 'lineBusy' },
  H: { mediaType: 'audio', cmd: 'audioCall', roomId: 30061161, inviter: 'alice' },
  K: { cmd: 'hangup', roomId: 51735622, callEnd: 2, inviter: 'alice' },
  L: { cmd: 'hangup', roomId: 1234, callEnd: 3 },
  M: { mediaType: 'video', cmd: 'switchToAudio', roomId: 1258947667, inviter: '', switchToAudio: true },
  N: { mediaType: 'video', cmd: 'switchToAudio', roomId: 0, switchToAudio: true, lineBusy: false },
};

function ok(input: unknown): CallPayload {
  const result = decodeCallData(input);
  if (!result.ok) throw new Error(`decode failed: ${result.code}: ${result.reason}`);
  return result.payload;
}

/** A minimal valid v4 message to vary in the tolerance and failure tests. */
function v4(over: Record<string, unknown> = {}, data: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    businessID: 'av_call',
    version: 4,
    platform: 'Web',
    call_type: 1,
    room_id: 1234,
    userData: '',
    ...over,
    data: { cmd: 'audioCall', inviter: 'alice', message: '', room_id: 1234, str_room_id: '', ...data },
  };
}

describe('decodeCallData on the golden payloads', () => {
  it('has an expectation for every payload in the fixture', () => {
    expect([...entries.keys()].sort()).toEqual(Object.keys(decoded).sort());
  });

  for (const [id, expected] of Object.entries(decoded)) {
    it(`decodes ${id}`, () => {
      const e = entry(id);
      const payload = ok(e.data);
      expect(payload).toMatchObject(expected);
      expect(payload.version).toBe(4);
      expect(payload.platform).toBe('Linux');
      expect(payload.raw).toEqual(e.dataParsed);
      // Flags not named in the expectation must be off.
      for (const flag of ['consumed', 'lineBusy', 'switchToAudio'] as const) {
        if (!(flag in expected)) expect(payload[flag], flag).toBe(false);
      }
    });
  }
});

describe('decodeCallData tolerance (wire-protocol §7)', () => {
  it('accepts trailing and leading whitespace and newlines', () => {
    const text = JSON.stringify(v4());
    expect(ok(`${text}\n`).roomId).toBe(1234);
    expect(ok(` \t${text}\r\n\n  `).roomId).toBe(1234);
  });

  it('accepts an already parsed plain object', () => {
    expect(ok(v4()).cmd).toBe('audioCall');
    expect(ok(Object.assign(Object.create(null), v4())).cmd).toBe('audioCall');
  });

  it('ignores extra keys, key order and missing optional keys', () => {
    const p = ok({
      zzz: [1, 2],
      version: 4,
      data: { cmd: 'videoCall', extra: { a: 1 } },
      businessID: 'av_call',
    });
    expect(p).toMatchObject({
      cmd: 'videoCall',
      roomId: 0,
      strRoomId: '',
      inviter: '',
      userIDs: [],
      platform: '',
      mediaType: undefined,
      inCallUserIDs: undefined,
      initialCallId: undefined,
      callEnd: 0,
      userData: '',
      message: '',
    });
  });

  it('reads the room from data when the top level has none (rule 4)', () => {
    expect(ok(v4({ room_id: 0 }, { room_id: 77 })).roomId).toBe(77);
    const noTop = v4({}, { room_id: 88 });
    delete noTop.room_id;
    expect(ok(noTop).roomId).toBe(88);
    expect(ok(v4({ room_id: 0, str_room_id: 'top' }, { room_id: 0, str_room_id: '' })).strRoomId).toBe('top');
    expect(ok(v4({ room_id: 0 }, { room_id: 0, str_room_id: 'inner' })).strRoomId).toBe('inner');
  });

  it('reads TCE317 top-level inCallUserIDs with data.initialCallId (rule 5)', () => {
    const tce = {
      userData: '',
      version: 4,
      call_type: 1,
      room_id: 1234,
      businessID: 'av_call',
      platform: 'Web',
      inCallUserIDs: ['bob', 'carol'],
      data: {
        cmd: 'audioCall',
        room_id: 1234,
        str_room_id: '',
        inviter: 'alice',
        message: '',
        userIDs: ['dave'],
      },
    };
    (tce.data as Record<string, unknown>).initialCallId = 'inv-1';
    const p = ok(JSON.stringify(tce));
    expect(p.inCallUserIDs).toEqual(['bob', 'carol']);
    expect(p.initialCallId).toBe('inv-1');
    expect(ok(v4({ initialCallId: 'top-id' })).initialCallId).toBe('top-id');
  });

  it('reads consumed at the top level or inside data (rule 5)', () => {
    expect(ok(v4({ consumed: true })).consumed).toBe(true);
    expect(ok(v4({}, { consumed: true })).consumed).toBe(true);
    expect(ok(v4({}, { consumed: 'yes' })).consumed).toBe(false);
  });

  it('recognises each busy variant (rule 6)', () => {
    expect(ok(v4({ line_busy: 'line_busy' }, { cmd: '' })).lineBusy).toBe(true);
    expect(ok(v4({ line_busy: '' }, { cmd: '' })).lineBusy).toBe(true);
    expect(ok(v4({}, { cmd: '', message: 'lineBusy' })).lineBusy).toBe(true);
    expect(ok(v4({ line_busy: 'other' }, { cmd: '' })).lineBusy).toBe(false);
    expect(ok(v4({}, { cmd: '' })).lineBusy).toBe(false);
  });

  it('recognises a switch from the top-level marker alone (rule 7)', () => {
    const p = ok(v4({ call_type: 2, switch_to_audio_call: 'switch_to_audio_call' }, { cmd: '' }));
    expect(p.switchToAudio).toBe(true);
    expect(p.cmd).toBe('switchToAudio');
    const toVideo = ok(v4({}, { cmd: 'switchToVideo' }));
    expect(toVideo.switchToAudio).toBe(false);
    expect(toVideo.cmd).toBe('switchToVideo');
  });

  it('reads the hangup duration from an iOS TUICalling data.cmdInfo (rule 8)', () => {
    const ios = {
      version: 4,
      businessID: 'av_call',
      platform: 'iOS',
      extInfo: '',
      call_type: 1,
      room_id: 5,
      call_end: 0,
      data: { room_id: 5, cmd: 'hangup', userIDs: [], cmdInfo: '42', message: '' },
    };
    expect(ok(JSON.stringify(ios))).toMatchObject({ cmd: 'hangup', callEnd: 42, roomId: 5, platform: 'iOS' });
    // call_end wins when present; a non-numeric cmdInfo is ignored.
    expect(ok({ ...ios, call_end: 7 }).callEnd).toBe(7);
    expect(ok({ ...ios, data: { ...ios.data, cmdInfo: 'abc' } }).callEnd).toBe(0);
    // cmdInfo of other commands is not a duration.
    expect(ok({ ...ios, data: { ...ios.data, cmd: 'audioCall' } }).callEnd).toBe(0);
  });

  it('accepts the pre-v4 format and derives the command like TUICalling (§7.3)', () => {
    expect(ok('{"version":4,"call_type":2,"room_id":99}')).toMatchObject({
      cmd: 'videoCall',
      mediaType: 'video',
      roomId: 99,
      platform: '',
      inviter: '',
    });
    expect(ok({ version: 1, call_type: 1, room_id: 3 }).cmd).toBe('audioCall');
    expect(ok({ call_type: 1, room_id: 3, line_busy: '' })).toMatchObject({
      cmd: 'audioCall',
      lineBusy: true,
    });
    expect(ok({ call_type: 1, room_id: 3, call_end: 12 })).toMatchObject({ cmd: 'hangup', callEnd: 12 });
    expect(ok({ call_type: 2, room_id: 3, switch_to_audio_call: 'switch_to_audio_call' })).toMatchObject({
      cmd: 'switchToAudio',
      switchToAudio: true,
    });
    expect(ok({ businessID: 'av_call', version: 4, call_type: 1, room_id: 3 }).cmd).toBe('audioCall');
  });

  it('treats a non-string userData, platform or message as empty', () => {
    expect(ok(v4({ userData: { a: 1 }, platform: 5 }, { message: 3 }))).toMatchObject({
      userData: '',
      platform: '',
      message: '',
    });
  });

  it('accepts room ids at the edges of the range and string rooms of 64 bytes', () => {
    expect(ok(v4({ room_id: 4294967295 })).roomId).toBe(4294967295);
    expect(ok(v4({ room_id: 0 }, { room_id: 0 })).roomId).toBe(0);
    expect(ok(v4({ room_id: 0 }, { room_id: 0, str_room_id: 'a'.repeat(64) })).strRoomId).toHaveLength(64);
    expect(ok(v4({ room_id: 0 }, { room_id: 0, str_room_id: '房'.repeat(21) })).strRoomId).toHaveLength(21);
  });
});

describe('decodeCallData failures', () => {
  const fails = (input: unknown, code: string) => {
    const result = decodeCallData(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    // A human-readable sentence.
    expect(result.reason).toMatch(/^[A-Z].{10,}\.$/);
  };

  it('not-json: malformed JSON and inputs that are neither strings nor plain objects', () => {
    for (const input of ['{bad', '', '{"a":1}x', 42, null, undefined, true, [v4()], new Date(0), new Map()]) {
      fails(input, 'not-json');
    }
  });

  it('not-object: JSON that is not an object', () => {
    for (const input of ['[1]', '42', 'null', '"str"', 'true']) fails(input, 'not-object');
  });

  it('not-av-call: another businessID, or none in a v4 message', () => {
    fails(JSON.stringify(v4({ businessID: 'other' })), 'not-av-call');
    fails(v4({ businessID: 1 }), 'not-av-call');
    const missing = v4();
    delete missing.businessID;
    fails(missing, 'not-av-call');
    fails({ businessID: 'other', call_type: 1, room_id: 3 }, 'not-av-call');
    fails({ room_id: 3 }, 'not-av-call');
  });

  it('unsupported-version: version 5', () => {
    fails(JSON.stringify(v4({ version: 5 })), 'unsupported-version');
  });

  it('invalid-field: bad room ids at either level', () => {
    for (const bad of [-1, 1.5, '12', 1e12, 4294967296, null, true]) {
      fails(v4({ room_id: bad }), 'invalid-field');
      fails(v4({}, { room_id: bad }), 'invalid-field');
    }
  });

  it('invalid-field: user id lists that are not arrays of strings', () => {
    fails(v4({}, { userIDs: [1] }), 'invalid-field');
    fails(v4({}, { userIDs: 'bob' }), 'invalid-field');
    fails(v4({}, { inCallUserIDs: ['bob', null] }), 'invalid-field');
    fails(v4({ inCallUserIDs: {} }), 'invalid-field');
    fails(v4({}, { inviter: 5 }), 'invalid-field');
    fails(v4({}, { initialCallId: 5 }), 'invalid-field');
  });

  it('invalid-field: string rooms that are too long or not strings', () => {
    fails(v4({ room_id: 0 }, { room_id: 0, str_room_id: 'a'.repeat(65) }), 'invalid-field');
    fails(v4({ room_id: 0 }, { room_id: 0, str_room_id: 'é'.repeat(33) }), 'invalid-field');
    fails(v4({ str_room_id: 'x'.repeat(100_000) }), 'invalid-field');
    fails(v4({}, { str_room_id: 12 }), 'invalid-field');
  });

  it('invalid-field: unknown commands, call types, versions and data blocks', () => {
    fails(v4({}, { cmd: 'dance' }), 'invalid-field');
    fails(v4({}, { cmd: 5 }), 'invalid-field');
    fails(v4({ call_type: 3 }), 'invalid-field');
    fails(v4({ call_type: '2' }), 'invalid-field');
    fails({ ...v4(), version: '4' }, 'invalid-field');
    fails({ ...v4(), data: 'x' }, 'invalid-field');
    fails({ ...v4(), data: null }, 'invalid-field');
  });

  it('never throws on hostile objects', () => {
    const hostile = v4();
    Object.defineProperty(hostile, 'room_id', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    fails(hostile, 'invalid-field');
    fails(v4({ room_id: 10n }), 'invalid-field');
  });
});

describe('buildOfflinePushInfo', () => {
  const a2 = golden.offlinePushInfo.invitation.value;

  it('reproduces A2 for title T, description D, extension E on a video call', () => {
    const info = buildOfflinePushInfo(
      { title: 'T', description: 'D', extension: 'E' },
      'video',
      'invitation',
    );
    expect(info.extension).toBe(a2.extension);
    expect(info).toEqual(a2);
  });

  it('announces an audio call as voip_media_type audio', () => {
    const info = buildOfflinePushInfo(
      { title: 'T', description: 'D', extension: 'E' },
      'audio',
      'invitation',
    );
    expect(JSON.parse(info.extension)).toEqual({
      ...golden.offlinePushInfo.invitation.extensionParsed,
      voip_ext: { voip_media_type: 'audio', voip_type: 'call' },
    });
  });

  it('uses an empty extension for records and switch invitations', () => {
    const info = buildOfflinePushInfo({ title: 'T', description: 'D', extension: 'E' }, 'video', 'record');
    expect(info).toEqual({ ...a2, extension: '' });
  });

  it('defaults every field when the app gives no settings', () => {
    const info = buildOfflinePushInfo(undefined, 'video', 'record');
    expect(info).toEqual({ ...a2, title: '', description: '', extension: '' });
    expect(JSON.parse(buildOfflinePushInfo(undefined, 'video', 'invitation').extension).extra_info).toBe('');
  });

  it('maps the native-style settings onto the A2 keys', () => {
    const info = buildOfflinePushInfo(
      {
        disablePush: true,
        disableVoipPush: true,
        ignoreIOSBadge: true,
        iOSSound: 'ring.caf',
        androidSound: 'ring',
        androidOPPOChannelID: 'oppo',
        androidVIVOClassification: 0,
        androidXiaoMiChannelID: 'mi',
        androidFCMChannelID: 'fcm',
        androidHuaWeiCategory: 'VOIP',
      },
      'audio',
      'record',
    );
    expect(info.disablePush).toBe(true);
    expect(info.apnsInfo).toEqual({ disableVoipPush: 1, ignoreIOSBadge: true, image: '', sound: 'ring.caf' });
    expect(info.androidInfo).toMatchObject({
      sound: 'ring',
      OPPOChannelID: 'oppo',
      VIVOClassification: 0,
      XiaoMiChannelID: 'mi',
      FCMChannelID: 'fcm',
      HuaWeiCategory: 'VOIP',
    });
  });

  it('keeps an app extension with quotes, newlines and " : " intact', () => {
    const ext = '{"a" : "b\n", "c": [1]}';
    expect(
      JSON.parse(buildOfflinePushInfo({ extension: ext }, 'video', 'invitation').extension).extra_info,
    ).toBe(ext);
  });
});

describe('properties', () => {
  it('decodeCallData never throws on arbitrary strings and values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue(), fc.anything()), (input) => {
        decodeCallData(input);
        if (typeof input !== 'string') decodeCallData(JSON.stringify(input) ?? '');
      }),
      { numRuns: 2000 },
    );
  });

  it('decodeCallData never throws on mutated golden payloads', () => {
    const base = entry('C').dataParsed;
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(base), 'data'), fc.jsonValue(), (key, value) => {
        decodeCallData({ ...base, [key]: value });
        decodeCallData({ ...base, data: { ...inner(entry('C')), [key]: value } });
      }),
    );
  });

  const descriptor: fc.Arbitrary<CallDescriptor> = fc
    .record({
      mediaType: fc.constantFrom<MediaType>('audio', 'video'),
      room: fc.oneof(
        fc.record({ roomId: fc.integer({ min: 1, max: 2147483647 }), strRoomId: fc.constant('') }),
        // 16 code points are at most 64 UTF-8 bytes.
        fc.record({
          roomId: fc.constant(0),
          strRoomId: fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }),
        }),
      ),
      inviter: fc.string(),
      group: fc.boolean(),
    })
    .map(({ room, ...rest }) => ({ ...rest, ...room }));

  const signal: fc.Arbitrary<OutboundSignal> = fc
    .tuple(
      descriptor,
      fc.constantFrom(
        'invite',
        'accept',
        'reject',
        'busy',
        'cancel',
        'hangup',
        'switchToAudio',
        'switchAccept',
      ),
      fc.array(fc.string(), { maxLength: 4 }),
      fc.string(),
      fc.nat(),
    )
    .map(([call, kind, userIDs, userData, durationSec]): OutboundSignal => {
      switch (kind) {
        case 'invite':
          return { type: 'invite', call, userIDs, userData };
        case 'busy':
          return { type: 'reject', call, busy: true };
        case 'hangup':
          return { type: 'hangup', call, durationSec };
        case 'accept':
        case 'reject':
        case 'cancel':
        case 'switchToAudio':
        case 'switchAccept':
          return { type: kind, call };
        default:
          throw new Error(kind);
      }
    });

  it('decode(serialize(encode(x))) round-trips media type, room, inviter and command', () => {
    fc.assert(
      fc.property(signal, (s) => {
        const p = ok(serializeCallData(encodeSignal(s)));
        const { call } = s;
        const busy = s.type === 'reject' && s.busy === true;
        // Busy rejects and switch replies name no room (G, N).
        const roomless = busy || s.type === 'switchAccept';
        const isSwitch = s.type === 'switchToAudio' || s.type === 'switchAccept';
        const media = call.mediaType === 'video' ? 'videoCall' : 'audioCall';
        const cmd = {
          invite: media,
          accept: '',
          reject: '',
          cancel: media,
          hangup: 'hangup',
          switchToAudio: 'switchToAudio',
          switchAccept: 'switchToAudio',
        }[s.type];
        expect(p.mediaType).toBe(call.mediaType);
        expect(p.roomId).toBe(roomless ? 0 : call.roomId);
        expect(p.strRoomId).toBe(roomless ? '' : call.strRoomId);
        expect(p.inviter).toBe(isSwitch ? '' : call.inviter);
        expect(p.cmd).toBe(cmd);
        expect(p.lineBusy).toBe(busy);
        expect(p.switchToAudio).toBe(isSwitch);
        expect(p.callEnd).toBe(s.type === 'hangup' ? s.durationSec : 0);
        if (s.type === 'invite') {
          expect(p.userIDs).toEqual(s.userIDs);
          expect(p.userData).toBe(s.userData);
        }
      }),
      { numRuns: 500 },
    );
  });
});
