/**
 * A WeChat puppet for the session tests, behaving as session-keeping puppets do (wechat4u, padlocal):
 * at start it looks for its login session in the memory card wechaty gives it; with none, it asks
 * for a QR scan (the `scan` event), then saves the session (TEST_PUPPET_SESSION, a secret) in the
 * card; with the saved one, it logs in without a scan. Everything else is wechaty-puppet-mock.
 * Plain JavaScript: wechaty imports it by path (WECHATY_PUPPET) in a `paperboy start` process.
 */
import { types } from "wechaty-puppet";
import { mock, PuppetMock } from "wechaty-puppet-mock";

const SLOT = "session";

export default class SessionPuppet extends PuppetMock {
  constructor(options = {}) {
    const mocker = new mock.Mocker();
    super({ ...options, mocker });
    const bot = mocker.createContact({ name: "老高小助手" });
    const alice = mocker.createContact({ name: "Alice" });
    mocker.createRoom({ topic: "卖家群", memberIdList: [bot.id, alice.id], ownerId: alice.id });
    mocker.use(() => {
      void this.logIn(bot);
      return () => {};
    });
  }

  async logIn(bot) {
    const session = process.env.TEST_PUPPET_SESSION;
    if ((await this.memory.get(SLOT)) !== session) {
      this.emit("scan", {
        qrcode: "https://login.weixin.qq.com/l/paperboy-test",
        status: types.ScanStatus.Waiting,
      });
      await this.memory.set(SLOT, session);
      await this.memory.save();
    }
    this.mocker.login(bot);
  }
}
