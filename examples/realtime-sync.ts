// Real-time sync: push single changes from your source of truth as they happen (a hire, a
// change of name, a team move, a departure) with the real-time user and group operations, no
// import session needed. Errors are typed: a user or group that is not there is an
// OktaNotFoundError, which is how `upsertUser` below tells a hire from a change.
//
// Run: OKTA_CLIENT_ORGURL=https://acme.okta.com OKTA_CLIENT_TOKEN=00ab… OKTA_IDENTITY_SOURCE_ID=0oa…
//      node examples/run.mjs realtime-sync
// Without OKTA_CLIENT_ORGURL it runs against the embedded mock.
import { createIdentitySourceClient, OktaNotFoundError } from "../src/index.js";
import { DEFAULT_SOURCE, isMain, runAsProgram } from "./connect.js";

/** What the sync did, step by step. */
export type SyncLog = string[];

/** Creates, updates, moves and removes a user and a group, logging each step. */
export async function main(
  orgUrl: string,
  token: string,
  identitySourceId = DEFAULT_SOURCE,
): Promise<SyncLog> {
  const log: SyncLog = [];
  const step = (text: string) => {
    log.push(text);
    console.log(text);
  };
  const okta = createIdentitySourceClient({
    orgUrl,
    token,
    // Retries (429s, 5xx) are logged, so a slow sync explains itself.
    onRetry: ({ reason, attempt, delayMs, method, url }) =>
      console.warn(`retry ${attempt} of ${method} ${url} in ${delayMs} ms (${reason})`),
  });
  const source = okta.identitySource(identitySourceId);
  const id = "rt-ada-lovelace";
  const profile = { email: "ada@example.com", userName: "ada@example.com", firstName: "Ada" };

  // Create the user, or replace its profile when it exists already (a rerun of this example).
  const upsertUser = async (externalId: string, user: typeof profile & { lastName: string }) => {
    try {
      await source.users.get(externalId);
    } catch (error) {
      if (!(error instanceof OktaNotFoundError)) throw error;
      await source.users.create({ externalId, profile: user });
      return "created";
    }
    await source.users.replace(externalId, { profile: user });
    return "replaced";
  };

  // A hire: the user appears in Okta at once.
  step(`${await upsertUser(id, { ...profile, lastName: "Byron" })} user ${id}`);

  // A change of name: update merges the given attributes (Okta still requires email and userName).
  const updated = await source.users.update(id, { profile: { ...profile, lastName: "Lovelace" } });
  step(`updated user ${id}: lastName ${updated.profile?.lastName}`);

  // A new team, and the user joins it.
  const team = await source.groups.create({
    externalId: "rt-analytical-engines",
    profile: { displayName: "Analytical Engines", description: "Babbage's team" },
  });
  await source.groups.addMember(team.externalId!, id);
  const members: string[] = [];
  for await (const member of source.groups.listMembers(team.externalId!)) members.push(member);
  step(`group ${team.profile?.displayName} has members ${members.join(", ")}`);

  // The team is renamed (update replaces the group's profile), then the user leaves it.
  await source.groups.update(team.externalId!, {
    externalId: team.externalId!,
    profile: { displayName: "Engines", description: null },
  });
  await source.groups.removeMember(team.externalId!, id);
  step(`renamed group to ${(await source.groups.get(team.externalId!)).profile?.displayName}`);

  // A departure: Okta deactivates the user (it keeps the record); the team is deleted outright.
  await source.users.delete(id);
  step(`deleted (deactivated) user ${id}`);
  await source.groups.delete(team.externalId!);
  try {
    await source.groups.get(team.externalId!);
    step(`group ${team.externalId} is still there`);
  } catch (error) {
    if (!(error instanceof OktaNotFoundError)) throw error;
    step(`group ${team.externalId} is gone (${error.status} ${error.errorCode})`);
  }
  return log;
}

if (isMain(import.meta.url)) {
  await runAsProgram(({ orgUrl, token, identitySourceId }) =>
    main(orgUrl, token, identitySourceId),
  );
}
