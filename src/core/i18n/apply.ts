/**
 * The merchant application's words: the `apply.` namespace of the one catalogue (./index.ts), kept
 * in a file of their own so the feature can be read (and translated) in one place. `{name}` marks a
 * parameter. The English catalogue is typed against the Chinese one: a missing or extra key is a
 * compile error.
 */
export const applyZhCN = {
  intro: "欢迎申请加入俱乐部！一共 6 个问题，随时发送「取消」可以退出。",
  resume: "你的入会申请还没填完，我们接着来：",
  progress: "第 {n}/6 步：{question}",

  "ask.shopName": "你的店铺叫什么名字？（1–60 个字）",
  "ask.platform": "店铺开在哪个平台？点下面的按钮，或回复序号或名称（如「2」或「淘宝」）。",
  "ask.shopLink": "请发送店铺链接（网址，例如 https://shop123.taobao.com）。",
  "ask.shopLinkOptional": "请发送店铺链接（网址）。没有的话回复「跳过」。",
  "ask.category": "主营类目是什么？（1–40 个字，例如「女装」「3C 数码」）",
  "ask.contactName": "怎么称呼你？请写联系人姓名。",
  "ask.contact": "请留一个联系方式：手机号（11 位）或微信号。",

  "invalid.shopName": "店铺名称要在 1 到 60 个字之间，请再发一次。",
  "invalid.platform": "没认出这个平台。请回复 1–6 的序号，或天猫、淘宝、京东、拼多多、亚马逊、其他之一。",
  "invalid.shopLink": "这看起来不像网址。请发送以 http:// 或 https:// 开头的店铺链接。",
  "invalid.shopLinkRequired": "这个平台的店铺需要留一个链接，方便我们核实。请发送店铺网址。",
  "invalid.category": "主营类目要在 1 到 40 个字之间，请再发一次。",
  "invalid.contactName": "联系人姓名要在 1 到 30 个字之间，请再发一次。",
  "invalid.contact":
    "没认出这个联系方式。手机号是 1 开头的 11 位数字（可以带空格或横线）；微信号是 6–20 位字母、数字、下划线或横线，以字母开头。",

  "field.shopName": "店铺名称",
  "field.platform": "平台",
  "field.shopLink": "店铺链接",
  "field.category": "主营类目",
  "field.contactName": "联系人",
  "field.contact": "联系方式",
  "field.none": "（无）",
  "field.line": "{field}：{value}",

  "platform.tmall": "天猫",
  "platform.taobao": "淘宝",
  "platform.jd": "京东",
  "platform.pinduoduo": "拼多多",
  "platform.amazon": "亚马逊",
  "platform.other": "其他",

  "summary.heading": "请核对你的申请",
  "summary.again": "没听懂。回复「确认」提交申请，「修改 3」修改第 3 项，或「取消」退出。",
  "summary.badEdit": "只能修改第 1 到 6 项，例如「修改 3」。",

  "word.confirm": "确认",
  "word.cancel": "取消",
  "word.skip": "跳过",
  "word.edit": "修改",
  "button.confirm": "✅ 确认提交",
  "button.cancel": "取消申请",
  "button.skip": "跳过",
  "button.edit": "修改{field}",

  cancelled: "已取消入会申请，填写的内容没有保存。想再申请时发送「加入」。",
  expired:
    "你的入会申请 {minutes} 分钟没有动静，已经自动结束，填写的内容没有保存。想继续时发送「加入」重新开始。",
  tooLong: "这条消息太长了（最多 {max} 个字），请简短一点再发一次。",
  error: "出了点问题，请稍后再试。",
  slowDown: "消息有点多，请休息一分钟再发。",
  tooManyStarts: "你一小时内已经开始了好几次申请，先休息一下，过一会儿再发送「加入」吧。",

  submitted:
    "申请已提交，编号 #{id}。管理员审核后会在这里通知你，通常需要 1–2 个工作日。想查看进度就再发送「加入」；要撤回申请并删除你的资料，发送 /forget。",
  "status.pending": "你已经提交过入会申请 #{id}（{shop}，{date}），正在审核中，结果出来会第一时间通知你。",
  "status.approved": "你的入会申请 #{id}（{shop}）已经通过，不需要再申请了。如果还没进群，请联系管理员。",

  "statusName.pending": "待审核",
  "statusName.approved": "已通过",
  "statusName.rejected": "未通过",
  "statusName.withdrawn": "已撤回",

  "applicant.approved": "好消息！你的入会申请 #{id} 已通过，欢迎加入俱乐部。",
  "applicant.inviteLink": "点下面的链接进群。链接只能用一次，请尽快使用，也不要转发给别人。",
  "applicant.inviteButton": "进入俱乐部群",
  "applicant.addedToRoom": "已经邀请你进入俱乐部群，请留意群邀请。",
  "applicant.adminWillAdd": "管理员{name}会尽快联系你，把你拉进俱乐部群。",
  "applicant.rejected": "很抱歉，你的入会申请 #{id} 这次没有通过。原因：{reason}",

  "admin.new": "新的入会申请 #{id}",
  "admin.from": "申请人：{who}",
  "admin.contactHidden": "联系人和联系方式不在群里显示，请私聊我发送 /applications 查看。",
  "admin.howToReview": "通过：/approve {id}；拒绝：/reject {id} 原因",
  "admin.approveButton": "✅ 通过",
  "admin.rejectButton": "❌ 拒绝",

  "review.notAdmin": "抱歉，只有管理员可以审核入会申请。",
  "review.wrongPlace": "为了不在普通群里公开申请信息，请在管理群或私聊我处理入会申请。",
  "review.usage": "用法：/approve 12 通过申请；/reject 12 原因 拒绝申请。",
  "review.notFound": "没有编号为 #{id} 的申请。",
  "review.alreadyDone": "申请 #{id} 的状态是「{status}」，不能再审核。",
  "review.needReason": "请写明拒绝原因，申请人会看到它。例如：拒绝 {id} 店铺类目与俱乐部方向不符",
  "review.askReason": "请直接回复拒绝申请 #{id} 的原因（申请人会看到它），或发送「取消」作罢。",
  "review.reasonDropped": "好的，申请 #{id} 保持待审核。",
  "review.approved": "已通过申请 #{id}（{shop}），已通知申请人。",
  "review.approvedInvited": "已通过申请 #{id}（{shop}），已把一次性入群邀请发给申请人。",
  "review.approvedManual": "已通过申请 #{id}（{shop}）。没有可自动邀请的俱乐部群，请手动把申请人拉进群。",
  "review.inviteFailed": "已通过申请 #{id}（{shop}），但自动邀请失败了，请手动把申请人拉进群。",
  "review.rejected": "已拒绝申请 #{id}（{shop}），已把原因告诉申请人。",
  "review.notifyFailed": "（没能把结果发给申请人，请稍后手动联系。）",

  "list.heading": "入会申请 · {status}（{count} 条）",
  "list.empty": "没有「{status}」的入会申请。",
  "list.more": "只显示最新 {shown} 条，完整列表请在服务器上运行 paperboy applications。",
  "list.usage": "用法：/applications，或 /applications pending|approved|rejected|withdrawn",

  "forget.dialogue": "已停止你正在填写的入会申请，填到一半的回答已丢弃。",
  "forget.noApplication": "你还没有提交过入会申请，所以没有保存你的资料。",
  "forget.deleted": "已删除申请 {ids} 中你的个人资料（联系人、联系方式）。",
  "forget.withdrawn": "还在审核中的申请 {ids} 已撤回。",
  "forget.nothing": "没有找到你的资料，不需要删除。",
  "forget.admin": "已删除申请 #{id} 中的个人资料。",
  "forget.privateOnly": "为了保护隐私，请私聊我发送 /forget。",

  "help.applications": "查看入会申请（可加状态：pending、approved、rejected、withdrawn）",
  "help.approve": "通过入会申请：/approve 12，或发送「通过 12」",
  "help.reject": "拒绝入会申请并说明原因：/reject 12 原因，或发送「拒绝 12 原因」",
  "help.forget": "删除我在入会申请中留下的个人资料（管理员：/forget 12）",
  "review.off": "入会申请功能没有运行。",
  "args.number": "缺少申请编号（例如 12）",
};

export type ApplyKey = keyof typeof applyZhCN;

export const applyEn: Record<ApplyKey, string> = {
  intro: "Welcome! Applying to join the club takes 6 questions. Send /cancel at any time to stop.",
  resume: "Your application is not finished yet. Let's carry on:",
  progress: "Step {n} of 6: {question}",

  "ask.shopName": "What is your shop called? (1–60 characters)",
  "ask.platform":
    "Which platform is your shop on? Press a button, or reply with the number or the name (e.g. `2` or `Taobao`).",
  "ask.shopLink": "Please send the link to your shop (a web address such as https://shop123.taobao.com).",
  "ask.shopLinkOptional":
    "Please send the link to your shop (a web address), or reply `skip` if it has none.",
  "ask.category": "What do you mainly sell? (1–40 characters, e.g. `women's clothing`, `electronics`)",
  "ask.contactName": "What is the contact person's name?",
  "ask.contact": "How can we reach you? A mobile number (11 digits) or a WeChat ID.",

  "invalid.shopName": "The shop name should be 1 to 60 characters. Please send it again.",
  "invalid.platform":
    "I did not recognise that platform. Reply with a number from 1 to 6, or one of Tmall, Taobao, JD, Pinduoduo, Amazon, other.",
  "invalid.shopLink":
    "That does not look like a web address. Please send your shop's link, starting with http:// or https://.",
  "invalid.shopLinkRequired":
    "Shops on this platform need a link so we can check them. Please send your shop's web address.",
  "invalid.category": "The category should be 1 to 40 characters. Please send it again.",
  "invalid.contactName": "The contact name should be 1 to 30 characters. Please send it again.",
  "invalid.contact":
    "I did not recognise that. A mobile number has 11 digits starting with 1 (spaces or dashes are fine); a WeChat ID has 6–20 letters, digits, `_` or `-` and starts with a letter.",

  "field.shopName": "Shop name",
  "field.platform": "Platform",
  "field.shopLink": "Shop link",
  "field.category": "Main category",
  "field.contactName": "Contact",
  "field.contact": "Phone / WeChat ID",
  "field.none": "(none)",
  "field.line": "{field}: {value}",

  "platform.tmall": "Tmall",
  "platform.taobao": "Taobao",
  "platform.jd": "JD",
  "platform.pinduoduo": "Pinduoduo",
  "platform.amazon": "Amazon",
  "platform.other": "Other",

  "summary.heading": "Please check your application",
  "summary.again": "Sorry? Reply `yes` to submit, `edit 3` to change answer 3, or /cancel to stop.",
  "summary.badEdit": "Only answers 1 to 6 can be changed, e.g. `edit 3`.",

  "word.confirm": "yes",
  "word.cancel": "/cancel",
  "word.skip": "skip",
  "word.edit": "edit",
  "button.confirm": "✅ Submit",
  "button.cancel": "Cancel",
  "button.skip": "Skip",
  "button.edit": "Edit {field}",

  cancelled:
    "Your application was cancelled and nothing was kept. Send /join whenever you want to apply again.",
  expired:
    "Your application was closed after {minutes} minutes without an answer, and nothing was kept. Send /join to start again.",
  tooLong: "That message is too long (at most {max} characters). Please send something shorter.",
  error: "Something went wrong. Please try again in a moment.",
  slowDown: "That is a lot of messages at once. Please wait a minute before sending more.",
  tooManyStarts:
    "You have started several applications within the hour. Please take a break and send /join later.",

  submitted:
    "Thank you! Your application is number #{id}. An admin will review it and you will hear back here, usually within 1–2 working days. Send /join to see its status, or /forget to withdraw it and delete your details.",
  "status.pending":
    "You already applied (#{id}, {shop}, {date}). It is being reviewed; you will hear back here as soon as it is decided.",
  "status.approved":
    "Your application #{id} ({shop}) was approved; there is no need to apply again. If you are not in the group yet, please contact an admin.",

  "statusName.pending": "pending",
  "statusName.approved": "approved",
  "statusName.rejected": "rejected",
  "statusName.withdrawn": "withdrawn",

  "applicant.approved": "Good news! Your application #{id} was approved. Welcome to the club.",
  "applicant.inviteLink":
    "Use the link below to join the group. It works only once, so please use it soon and do not share it.",
  "applicant.inviteButton": "Join the club group",
  "applicant.addedToRoom": "You have been invited to the club group; please watch for the invitation.",
  "applicant.adminWillAdd": "An admin{name} will contact you soon and add you to the club group.",
  "applicant.rejected": "Sorry, your application #{id} was not approved this time. Reason: {reason}",

  "admin.new": "New application #{id}",
  "admin.from": "Applicant: {who}",
  "admin.contactHidden":
    "Contact details are not shown in groups; message me privately and send /applications to see them.",
  "admin.howToReview": "Approve: /approve {id}; reject: /reject {id} reason",
  "admin.approveButton": "✅ Approve",
  "admin.rejectButton": "❌ Reject",

  "review.notAdmin": "Sorry, only admins can review applications.",
  "review.wrongPlace":
    "Applications are reviewed in the admin chat or in a private chat with me, so they are not shown in ordinary groups.",
  "review.usage": "Usage: /approve 12 to approve an application; /reject 12 reason to reject it.",
  "review.notFound": "There is no application #{id}.",
  "review.alreadyDone": "Application #{id} is {status}; it cannot be reviewed again.",
  "review.askReason":
    "Please reply with the reason for rejecting application #{id} (the applicant will see it), or /cancel to leave it.",
  "review.reasonDropped": "All right, application #{id} stays pending.",
  "review.needReason":
    "Please give a reason; the applicant will see it. For example: /reject {id} the category does not fit the club",
  "review.approved": "Application #{id} ({shop}) approved; the applicant was told.",
  "review.approvedInvited":
    "Application #{id} ({shop}) approved; a one-use invite was sent to the applicant.",
  "review.approvedManual":
    "Application #{id} ({shop}) approved. There is no club group the bot can invite to: please add the applicant yourself.",
  "review.inviteFailed":
    "Application #{id} ({shop}) approved, but the automatic invite failed: please add the applicant yourself.",
  "review.rejected": "Application #{id} ({shop}) rejected; the applicant was told the reason.",
  "review.notifyFailed": "(The applicant could not be told; please contact them later.)",

  "list.heading": "Applications · {status} ({count})",
  "list.empty": "No {status} applications.",
  "list.more": "Showing the newest {shown}; run `paperboy applications` on the server for the full list.",
  "list.usage": "Usage: /applications, or /applications pending|approved|rejected|withdrawn",

  "forget.dialogue": "The application you were filling in was stopped and its answers discarded.",
  "forget.noApplication": "You had not submitted an application, so no details of yours were stored.",
  "forget.deleted":
    "Your personal details (contact name, phone / WeChat ID) in application {ids} were deleted.",
  "forget.withdrawn": "Pending application {ids} was withdrawn.",
  "forget.nothing": "I have no details of yours to delete.",
  "forget.admin": "The personal details in application #{id} were deleted.",
  "forget.privateOnly": "To protect your privacy, send /forget to me in a private chat.",

  "help.applications":
    "the merchant applications (optionally by status: pending, approved, rejected, withdrawn)",
  "help.approve": "approve a merchant application: /approve 12",
  "help.reject": "reject a merchant application with the reason: /reject 12 reason",
  "help.forget": "delete the personal details I keep from your application (admins: /forget 12)",
  "review.off": "Merchant applications are not running.",
  "args.number": "the application number is missing (e.g. 12)",
};
