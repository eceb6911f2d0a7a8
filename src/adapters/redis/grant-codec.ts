import { deflateRawSync, inflateRawSync } from "node:zlib";

import type { Grant } from "../../domain/grant/grant.js";
import { upgradeStoredGrant, type StoredGrant } from "./legacy-grant.js";

/**
 * The fields of a grant's record hash: the version its compare-and-set reads, and the grant. Records
 * written before this format hold the grant as plain JSON in `json`; they stay readable and are
 * rewritten in this format by their next change.
 */
export const RECORD_FIELDS = { version: "v", grant: "z" } as const;
export const LEGACY_JSON_FIELD = "json";

/** The first byte of an encoded grant: which encoding follows. */
const DEFLATE_V1 = 1;

/**
 * What grant records have in common (field names, ARM id shapes, event names, Slack's date markup),
 * so that deflate finds it here instead of spelling it out in every record: a record compresses to
 * about a quarter of its JSON. Never edit it: records written with it need it to be read. A better
 * one goes with a new format byte.
 */
const DICTIONARY_V1 = Buffer.from(
  [
    '"sourceLink":{"purpose":"request","tokenHash":"","expiresAt":"","usedAt":""},"bundle":{"leaderId":"g-',
    '","memberIds":["g-"],"vmNames":[""],"summaries":["approved"],"summary":""},"startAt":"",',
    '"firewall":{"id":"/providers/Microsoft.Network/azureFirewalls/","publicIp":"","privateRange":"","port":',
    '"failure":"","closeReason":"expired","ending":{"reason":"revoked","actor":"","at":"","detail":""},',
    '"pendingExtension":{"durationSeconds":,"requestedAt":"","votes":[]},"closedAt":"20',
    '"blockedBy":{"rule":"","priority":,"nsg":"","nsgId":""},"unknown":"',
    '{"type":"extension-requested","at":"20","actor":"","detail":"+s"},{"type":"extension-vote","at":"20',
    '{"type":"extension-approved","at":"20{"type":"extended","at":"20","detail":"+s until 20',
    '{"type":"closing","at":"20","detail":"revoked"},{"type":"revoked","at":"20{"type":"closed","at":"20',
    '{"type":"path-checked","at":"20","actor":"ajar","detail":"open"}',
    '"headline":"Request `g-` is waiting for approval ( needed)."}',
    '"headline":"Request `g-` was approved; opening ssh (22/Tcp) on `vm-`."}',
    '"headline":"<@U>: ssh (22/Tcp) on `` is open for `/32` until <!date^^{date_short_pretty} {time}| GMT>."}',
    '"headline":"ssh (22/Tcp) on `` now stays open until <!date^^{date_short_pretty} {time}|, Dec 20 GMT>."}',
    '"pathCheck":{"at":"20","open":true},"ruleEnd":"20","openedAt":"20","expiresAt":"20',
    '"network":{"privateIps":["10.0."],"nsgIds":["/subscriptions/',
    '/providers/Microsoft.Network/networkSecurityGroups/nsg-"]},',
    '"rules":[{"nsgId":"/subscriptions/',
    '/providers/Microsoft.Network/networkSecurityGroups/nsg-","name":"ajar-g--p22","priority":,"liveAt":"20',
    '"messages":[{"channel":"D","ts":".","purpose":"approval"},{"channel":"C","ts":".","purpose":"notice",',
    '{"channel":"D","ts":".","purpose":"requester",',
    '"history":[{"type":"requested","at":"20","actor":"U"},{"type":"pending","at":"20","actor":"ajar"},',
    '{"type":"vote","at":"20","actor":"U"},{"type":"approved","at":"20","actor":"ajar","detail":"no approval required"},',
    '{"type":"opening","at":"20","actor":"ajar","detail":"nsg-"},{"type":"active","at":"20","actor":"ajar","detail":"ajar-g-"},',
    '"rbac":{"allowed":true,"summary":"holds every required Azure action","checkedAt":"20","pendingUntil":"20',
    '"approval":{"mode":"approvers","required":1,"eligible":["U"],"votes":[{"slackUserId":"U","decision":"approve","at":"20',
    '"source":"/32","durationSeconds":3600,"justification":"","createdAt":"20',
    '"target":{"vmId":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/',
    '/providers/Microsoft.Compute/virtualMachines/","vmName":"","subscriptionId":"","resourceGroup":"",',
    '"port":22,"portLabel":"ssh","protocol":"Tcp"},',
    '{"id":"g-","version":,"status":"active","policyName":"","requester":{"slackUserId":"U","objectId":"","displayName":""},',
  ].join(""),
);

/** Records are a few KB at most: an 8 KB window holds the dictionary and all of one, at a fraction of zlib's setup cost. */
const WINDOW_BITS = 13;

/** A grant as stored: a format byte, then its JSON deflated against DICTIONARY_V1. */
export function encodeGrant(grant: Grant): Buffer {
  const body = deflateRawSync(JSON.stringify(grant), {
    dictionary: DICTIONARY_V1,
    windowBits: WINDOW_BITS,
    memLevel: 5,
  });
  return Buffer.concat([Buffer.of(DEFLATE_V1), body]);
}

/** Reads what encodeGrant wrote, or a record's legacy JSON, in either shape a grant has been stored in. */
export function decodeGrant(stored: Buffer | string): Grant {
  const bytes = typeof stored === "string" ? Buffer.from(stored) : stored;
  if (bytes[0] === DEFLATE_V1)
    return upgradeStoredGrant(
      JSON.parse(
        inflateRawSync(bytes.subarray(1), { dictionary: DICTIONARY_V1, windowBits: WINDOW_BITS }).toString(),
      ) as StoredGrant,
    );
  if (bytes[0] === 0x7b) return upgradeStoredGrant(JSON.parse(bytes.toString()) as StoredGrant);
  throw new Error(`a grant record in an unknown format (first byte ${bytes[0]})`);
}
