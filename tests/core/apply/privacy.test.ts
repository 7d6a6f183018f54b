import { afterEach, describe, expect, it } from "vitest";
import { maskContact, maskName, maskPhone, maskWechatId } from "../../../src/core/apply/mask.ts";
import { ADMIN, applyAndConfirm, type Harness, harness, pm } from "./support.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("personal data stays out of the logs", () => {
  it("a whole application, its review and a failed send log the phone masked and never the name", async () => {
    h = await harness("file");
    await applyAndConfirm(h.apps, "wechat:wxid_merchant9", [
      "Sunny Socks",
      "淘宝",
      "https://sunnysocks.taobao.com",
      "袜子",
      "王小明",
      "138 1234 5678",
    ]);
    h.outbox.failFor.add("wechat:wxid_merchant9");
    await h.send(pm("/approve 1", ADMIN));
    await applyAndConfirm(h.apps, "telegram:77", [
      "Shop",
      "2",
      "https://a.taobao.com",
      "茶",
      "Zhao Lei",
      "zhaolei_tea",
    ]);

    const logs = h.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain("138****5678");
    expect(logs).toContain("zh****ea");
    for (const secret of [
      "13812345678",
      "138 1234 5678",
      "王小明",
      "Zhao Lei",
      "zhaolei_tea",
      "wxid_merchant9",
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe("masks", () => {
  it("keep enough to recognise, not enough to reach", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskWechatId("sunny_socks")).toBe("su****ks");
    expect(maskName("王小明")).toBe("王*");
    expect(maskContact({ kind: "phone", value: "13900001111" })).toBe("139****1111");
    expect(maskContact(undefined)).toBeUndefined();
  });
});
