/** `invites [--json]`: pending invites (never their codes); `invite revoke <id>`: ends one. */
import { formatVietnameseDate, localDateOf } from "../../domain/local-date.js";
import { listPendingInvites, revokeInvite, type PendingInvite } from "../../services/people/people.js";
import { CliError, printJson, type CliContext } from "../context.js";
import { withApp } from "../open.js";
import { renderTable } from "../table.js";
import { cliTexts, headers, roleLabels } from "../texts.js";

const creatorOf = (invite: PendingInvite) => (invite.creatorName ? `${invite.creatorName} (${invite.createdBy})` : invite.createdBy);

export async function runInvites(context: CliContext, args: { json: boolean }): Promise<void> {
  await withApp(context, async (app) => {
    const invites = await listPendingInvites(app.db, app.clock.now());
    if (args.json) {
      printJson(
        context.io,
        invites.map((i) => ({ id: i.id, agency: i.agencyCode, role: i.role, expires_at: i.expiresAt, created_by: i.createdBy, created_by_name: i.creatorName, created_at: i.createdAt })),
      );
      return;
    }
    if (invites.length === 0) return context.io.out(cliTexts.noPendingInvites());
    const date = (instant: string) => formatVietnameseDate(localDateOf(new Date(instant), app.config.timeZone));
    context.io.out(
      renderTable(
        headers.invites,
        invites.map((i) => [String(i.id), roleLabels[i.role], i.agencyCode ?? "", date(i.expiresAt), creatorOf(i)]),
      ),
    );
  });
}

export async function runRevokeInvite(context: CliContext, args: { id: string | undefined }): Promise<void> {
  const inviteId = Number(args.id);
  if (!Number.isInteger(inviteId) || inviteId <= 0) throw new CliError(cliTexts.revokeUsage(), 2);
  await withApp(context, async (app) => {
    const invite = await revokeInvite(app.db, { inviteId, actor: "cli", now: app.clock.now() });
    context.io.out(cliTexts.inviteRevoked(invite.id, roleLabels[invite.role], invite.agencyName));
  });
}
