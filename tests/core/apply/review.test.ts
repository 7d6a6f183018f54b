import { afterEach, describe, expect, it } from "vitest";
import { APPLICATIONS, type ApplicationRecord, DIALOGUES } from "../../../src/core/apply/model.ts";
import { listAudit } from "../../../src/core/audit.ts";
import {
  ADMIN,
  ADMIN_CHAT,
  allText,
  applyAndConfirm,
  CLUB_WX,
  groupMsg,
  type Harness,
  harness,
  pm,
  type StoreKind,
} from "./support.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function stored(id: string): Promise<ApplicationRecord | undefined> {
  return h?.store.collection<ApplicationRecord>(APPLICATIONS).get(id);
}

describe.each<StoreKind>(["memory", "file"])("reviewing applications (%s store)", (kind) => {
  it("refuses a non-admin who tries to approve, changes nothing and audits the attempt", async () => {
    h = await harness(kind);
    const id = await applyAndConfirm(h.apps);
    const before = await stored(id);
    const sent = h.outbox.sent.length;

    expect(allText(await h.send(pm(`/approve ${id}`, "telegram:666")))).toContain("只有管理员");
    expect(allText(await h.send(pm(`通过 ${id}`, "telegram:42")))).toContain("只有管理员");
    expect(await stored(id)).toEqual(before);
    expect(h.outbox.sent.length).toBe(sent);
    expect(h.invites.links).toEqual([]);

    const audit = await listAudit(h.store);
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ who: "telegram:666", what: `approve ${id}`, allowed: false }),
        expect.objectContaining({ who: "telegram:42", what: `approve ${id}`, allowed: false }),
      ]),
    );
  });

  it("an admin's approval sends the applicant a one-use invite link to the Telegram club group", async () => {
    h = await harness(kind);
    const id = await applyAndConfirm(h.apps);
    const answer = allText(await h.send(pm(`/approve ${id}`, ADMIN, { senderName: "Ada" })));
    expect(answer).toContain(`已通过申请 #${id}`);
    expect(answer).toContain("一次性入群邀请");
    // The link goes to the applicant only, as a link button.
    expect(answer).not.toContain("t.me/+invite");
    expect(h.invites.links).toEqual(["https://t.me/+invite1"]);
    const toApplicant = h.outbox.to("telegram:42");
    const last = toApplicant.at(-1);
    expect(allText(last ? [last] : [])).toContain("已通过");
    expect(last?.buttons?.flat()).toEqual([{ text: "进入俱乐部群", url: "https://t.me/+invite1" }]);
    expect(await stored(id)).toMatchObject({ status: "approved", reviewedBy: ADMIN, invite: "link" });
    const audit = await listAudit(h.store);
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ who: ADMIN, allowed: true })]));
    // Reviewed is final: a second approval is refused politely and sends nothing more.
    expect(allText(await h.send(pm(`/approve ${id}`, ADMIN)))).toContain("已通过」，不能再审核");
    expect(h.invites.links).toHaveLength(1);
  });

  it("a WeChat applicant is added to the club room when approved in the admin chat", async () => {
    h = await harness(kind);
    const id = await applyAndConfirm(h.apps, "wechat:wxid_merchant1");
    await h.send(groupMsg(`通过 ${id}`, ADMIN_CHAT, "telegram:901"));
    expect(h.invites.added).toEqual([{ club: CLUB_WX, user: "wechat:wxid_merchant1" }]);
    expect(allText(h.outbox.to("wechat:wxid_merchant1"))).toContain("已经邀请你进入俱乐部群");
    expect(await stored(id)).toMatchObject({ status: "approved", invite: "room" });
  });

  it("with no club chat, the applicant is told which admin will add them", async () => {
    h = await harness(kind, { env: { PAPERBOY_CLUB_CHATS: "" } });
    const id = await applyAndConfirm(h.apps);
    const answer = allText(await h.send(pm(`/approve ${id}`, ADMIN, { senderName: "Ada" })));
    expect(answer).toContain("请手动把申请人拉进群");
    expect(allText(h.outbox.to("telegram:42"))).toContain("管理员「Ada」会尽快联系你");
  });

  it("rejection asks for a reason first, then tells the applicant the reason", async () => {
    h = await harness(kind);
    const id = await applyAndConfirm(h.apps);
    // In the admin chat (a group) the reason must come with the command.
    const inGroup = allText(await h.send(groupMsg(`/reject ${id}`, ADMIN_CHAT, ADMIN)));
    expect(inGroup).toContain("请写明拒绝原因");
    expect((await stored(id))?.status).toBe("pending");
    const answer = allText(await h.send(pm(`拒绝 ${id} 类目与俱乐部方向不符（暂不考虑）`, ADMIN)));
    expect(answer).toContain(`已拒绝申请 #${id}`);
    // The applicant reads the admin's own punctuation.
    expect(allText(h.outbox.to("telegram:42"))).toContain("原因：类目与俱乐部方向不符（暂不考虑）");
    expect(await stored(id)).toMatchObject({
      status: "rejected",
      rejectReason: "类目与俱乐部方向不符（暂不考虑）",
    });
    // The audit log keeps who rejected what, never the reason (that is for the applicant).
    const audit = await listAudit(h.store);
    expect(audit).toEqual(
      expect.arrayContaining([expect.objectContaining({ who: ADMIN, what: `reject ${id}`, allowed: true })]),
    );
    expect(JSON.stringify(audit)).not.toContain("类目与俱乐部方向不符");
    // After a rejection the merchant may apply again.
    expect(allText(await h.send(pm("/join")))).toContain("店铺叫什么名字");
  });

  it("/applications lists by status for admins, with contact details only in private", async () => {
    h = await harness(kind);
    await applyAndConfirm(h.apps, "telegram:1");
    await applyAndConfirm(h.apps, "telegram:2", [
      "Two",
      "1",
      "https://two.tmall.com",
      "茶",
      "Zhang",
      "13900001111",
    ]);
    await h.send(pm("/approve 2", ADMIN));
    const pending = allText(await h.send(pm("/applications", ADMIN)));
    expect(pending).toContain("待审核（1 条）");
    expect(pending).toContain("#1 · Sunny Socks 小店");
    expect(pending).toContain("13812345678");
    const inGroup = allText(await h.send(groupMsg("/applications approved", ADMIN_CHAT, ADMIN)));
    expect(inGroup).toContain("#2 · Two");
    expect(inGroup).not.toContain("13900001111");
    expect(allText(await h.send(pm("/applications pending", "telegram:7")))).toContain("只有管理员");
    expect(allText(await h.send(pm("/applications everything", ADMIN)))).toContain("用法");
  });

  it("/forget deletes the applicant's personal data and withdraws the pending application", async () => {
    h = await harness(kind);
    const id = await applyAndConfirm(h.apps);
    const said = allText(await h.send(pm("/forget")));
    expect(said).toContain(`已删除申请 #${id} 中你的个人资料`);
    expect(said).toContain(`还在审核中的申请 #${id} 已撤回`);
    expect(said).not.toContain("丢弃");
    const after = await stored(id);
    expect(after).toMatchObject({ status: "withdrawn", applicantId: "forgotten", chatId: "" });
    expect(after?.contact).toBeUndefined();
    expect(after?.contactName).toBeUndefined();
    expect(JSON.stringify(after)).not.toContain("13812345678");
    expect(await h.store.collection(DIALOGUES).list()).toEqual([]);
  });

  it("/forget with only a half-filled dialogue says the answers were dropped and nothing was stored", async () => {
    h = await harness(kind);
    await h.send(pm("加入"));
    expect(await h.store.collection(DIALOGUES).list()).toHaveLength(1);
    const said = allText(await h.send(pm("/forget")));
    expect(said).toContain("填到一半的回答已丢弃");
    expect(said).toContain("你还没有提交过入会申请");
    expect(said).not.toContain("已删除");
    expect(said).not.toContain("已撤回");
    expect(await h.store.collection(DIALOGUES).list()).toEqual([]);
    expect(await h.store.collection(APPLICATIONS).list()).toEqual([]);
  });

  it("/forget with nothing on file says there was nothing to delete", async () => {
    h = await harness(kind);
    expect(allText(await h.send(pm("/forget")))).toBe("没有找到你的资料，不需要删除。");
  });

  it("/forget after a review deletes the details but claims no withdrawal", async () => {
    h = await harness(kind);
    const id = await applyAndConfirm(h.apps);
    await h.send(pm(`/approve ${id}`, ADMIN));
    const said = allText(await h.send(pm("/forget")));
    expect(said).toContain(`#${id}`);
    expect(said).not.toMatch(/撤回|withdrawn/);
    expect(await stored(id)).toMatchObject({ status: "approved", applicantId: "forgotten" });
  });

  it("an admin's /forget N removes one application's personal data", async () => {
    h = await harness(kind);
    const id = await applyAndConfirm(h.apps);
    expect(allText(await h.send(pm(`/forget ${id}`, "telegram:5")))).toContain("只有管理员");
    expect((await stored(id))?.contact).toBeDefined();
    expect(allText(await h.send(pm(`/forget ${id}`, ADMIN)))).toContain(`#${id}`);
    expect((await stored(id))?.contact).toBeUndefined();
  });
});

describe("review edge cases", () => {
  it("review commands in an ordinary group show nothing of the applications, even to an admin", async () => {
    h = await harness("memory");
    const id = await applyAndConfirm(h.apps);
    const group = "telegram:-1007";
    const byAdmin = allText(await h.send(groupMsg("/applications", group, ADMIN)));
    expect(byAdmin).toContain("管理群或私聊");
    expect(byAdmin).not.toContain("Sunny Socks");
    expect(allText(await h.send(groupMsg(`/approve ${id}`, group, "telegram:5")))).toContain("只有管理员");
    expect((await stored(id))?.status).toBe("pending");
    expect(allText(await h.send(groupMsg("/forget", group, "telegram:42")))).toContain("私聊");
    const audit = await listAudit(h.store);
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ who: "telegram:5", what: `approve ${id}`, allowed: false }),
      ]),
    );
  });

  it("an unknown number and a missing number get helpful answers", async () => {
    h = await harness("memory");
    expect(allText(await h.send(pm("/approve 99", ADMIN)))).toContain("没有编号为 #99");
    expect(allText(await h.send(pm("/approve", ADMIN)))).toContain("用法");
  });

  it("when the invite itself fails, the reviewer is told to add the applicant by hand", async () => {
    h = await harness("memory");
    const id = await applyAndConfirm(h.apps);
    h.invites.failWith = new Error("Bad Request: not enough rights to manage chat invite link");
    const answer = allText(await h.send(pm(`/approve ${id}`, ADMIN, { senderName: "Ada" })));
    expect(answer).toContain("自动邀请失败");
    expect(allText(h.outbox.to("telegram:42"))).toContain("管理员「Ada」会尽快联系你");
    expect(await stored(id)).toMatchObject({ status: "approved", invite: "failed" });
  });

  it("a failed delivery to the applicant is reported to the reviewer, and the decision stands", async () => {
    h = await harness("memory");
    const id = await applyAndConfirm(h.apps);
    h.outbox.failFor.add("telegram:42");
    const answer = allText(await h.send(pm(`/reject ${id} 资料不全`, ADMIN)));
    expect(answer).toContain("没能把结果发给申请人");
    expect((await stored(id))?.status).toBe("rejected");
  });

  it("the Reject button (`/reject N` alone) in a private chat takes the admin's next message as the reason", async () => {
    h = await harness("memory");
    const id = await applyAndConfirm(h.apps);
    const notice = h.outbox.to(ADMIN)[0];
    const rejectButton = notice?.buttons?.flat().find((b) => "data" in b && b.data.startsWith("/reject"));
    expect(rejectButton).toMatchObject({ data: `/reject ${id}`, keyword: `拒绝 ${id} 原因` });
    const asked = allText(await h.send(pm(`/reject ${id}`, ADMIN, { isCallback: true })));
    expect(asked).toContain("请直接回复拒绝申请");
    expect((await stored(id))?.status).toBe("pending");
    expect(allText(await h.send(pm("店铺链接打不开", ADMIN)))).toContain(`已拒绝申请 #${id}`);
    expect(await stored(id)).toMatchObject({ status: "rejected", rejectReason: "店铺链接打不开" });
    expect(JSON.stringify(await listAudit(h.store))).not.toContain("店铺链接打不开");
  });

  it("取消 after the Reject button leaves the application pending", async () => {
    h = await harness("memory");
    const id = await applyAndConfirm(h.apps);
    await h.send(pm(`/reject ${id}`, ADMIN));
    expect(allText(await h.send(pm("取消", ADMIN)))).toContain("保持待审核");
    // The next message is ordinary again: not a reason, not ours.
    expect(await h.apps.handle(pm("你好", ADMIN))).toBeUndefined();
    expect((await stored(id))?.status).toBe("pending");
  });
});
