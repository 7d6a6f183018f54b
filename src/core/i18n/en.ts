import type { Messages } from "./index.ts";

/** The bot's words in English; same keys as zh-CN.ts (the type checks it). */
export const en: Messages = {
  "common.error": "Something went wrong. Please try again in a moment.",
  "common.slowDown": "That's a lot of messages. Please take a minute's break.",
  "common.unknown": "I didn't understand that. Send /help to see what I can do.",
  "common.privateOnly": "Please use this command in a private chat with me.",
  "common.groupOnly": "This command only works in a group.",
  "common.notAdmin": "Sorry, only admins can use this command.",
  "common.notChatAdmin": "Only the group's owner or admins can change this group's settings.",
  "common.badArgs": "That command's arguments don't look right: {problem}",
  "common.noIssue": "There is no issue yet. The next one comes out {schedule}; please check back then.",
  "common.allSections": "all sections",
  "common.listSeparator": ", ",

  "args.required": "something is missing",
  "args.tooLong": "that is too long",
  "args.notADate": "that is not a date I can read",
  "args.unknownLanguage": "only en (English) and zh (Chinese) are available",
  "args.chatId": "write a chat as telegram:-100123 or wechat:123@chatroom",
  "args.tooManyWords": "too many words",

  "usage.section": "Usage: /section <name>, e.g. /section crossborder.",
  "usage.issue": "Usage: /issue <date>, e.g. /issue 2018-01-08, /issue Jan 8 or /issue 1/8.",
  "usage.search": "Usage: /search <words>, e.g. /search Amazon.",
  "usage.subscribe": "Usage: /subscribe, or /subscribe crossborder ecommerce for just those sections.",
  "usage.lang": "Usage: /lang en or /lang zh.",
  "usage.push": "Usage: /push or /push 2018-01-08.",
  "usage.pause": "Usage: /pause (all pushes) or /pause telegram:-100123 (one chat).",
  "usage.resume": "Usage: /resume (all pushes) or /resume telegram:-100123 (one chat).",
  "usage.item": "Usage: /item <date> <section> <number>, e.g. /item 2025-01-08 crossborder 2.",

  "issue.olderThanToday": "Today's issue isn't out yet; here is the latest one ({date}).",
  "issue.sectionsHeading": "In this issue",
  "issue.howToAsk": "Send one of these to read a section:",
  "issue.notFound": "There is no issue for {date}.",
  "issue.tryList": "Send /issues to see the latest issues.",
  "issue.badDate": "I can't read the date “{input}”. Try 2018-01-08, Jan 8 or 1/8.",

  "section.unknown": "There is no section called “{word}”.",
  "section.missing": "The issue of {date} has no {name} section.",
  "section.choose": "Which section would you like?",
  "section.available": "This issue has:",

  "issues.heading": "Past issues",
  "issues.morning": "morning",
  "issues.howToOpen": "Send /issue <date> to read one, e.g. /issue {example}.",

  "item.notFound": "I couldn't find that item.",

  "search.heading": "{count} found for “{query}”",
  "search.none": "Nothing found for “{query}”.",
  "search.more": "Showing the newest {shown}; a more specific word narrows it down.",
  "search.where": "{date} · {section}",
  "search.howToOpen": "Send the command under an item to read all of it.",
  "search.button": "{date} #{n}",

  "help.heading": "Laogao E-commerce News",
  "help.intro":
    "I push the Laogao E-commerce newsletter to subscribed groups and chats {schedule}, and answer these commands any time:",
  "help.keywords": "In groups you can also just send a Chinese keyword such as 今日 or 跨境, or @mention me.",
  "help.orKeyword": "{help} (or send {word})",
  "help.adminHeading": "Admin commands",
  "help.today": "today's issue: headlines and sections",
  "help.section": "one section, e.g. /section crossborder",
  "help.issue": "a past issue, e.g. /issue Jan 8; without a date, the latest ten",
  "help.search": "search past issues, e.g. /search Amazon",
  "help.join": "apply to join the Laogao E-commerce Club (private chat)",
  "help.cancel": "leave the application you are filling in",
  "help.subscribe": "get the daily push, optionally only some sections",
  "help.unsubscribe": "stop the daily push",
  "help.settings": "this chat's push settings",
  "help.lang": "switch language: /lang en or /lang zh",
  "help.help": "show this help",
  "help.push": "push now (optionally a given date)",
  "help.pause": "pause all pushes or one chat",
  "help.resume": "resume pushes",
  "help.stats": "delivery statistics",

  "start.joinSoon":
    "Merchant applications will open here soon. Until then, please contact an admin in your club group to apply.",
  "join.inGroupTelegram": "Applications are made in a private chat with me: tap the button below to start.",
  "join.button": "Apply in private chat",
  "join.inGroupWechat": "Applications are made in a private chat: add me as a friend, then send 加入.",
  "cancel.nothing": "There is nothing to cancel.",

  "welcome.group":
    "Hello everyone! I'm the Laogao E-commerce News bot: I'll post each issue here {schedule}. Send /today for the latest issue and /help for everything I can do.",
  "welcome.private":
    "Hello! I'm the Laogao E-commerce News bot. Send /today for the latest issue, /subscribe to get it {schedule}, and /help for everything I can do.",

  "subscribe.done": "Subscribed: {sections}, {schedule}.",
  "subscribe.butPaused": "Note: an admin has paused pushes to this chat; they start again once resumed.",
  "subscribe.unknownSection": "There is no section called “{word}”. You can choose from: {list}.",
  "unsubscribe.done": "Unsubscribed: no more pushes here. Send /subscribe to start again.",

  "settings.heading": "Push settings",
  "settings.on": "Push: subscribed",
  "settings.off": "Push: not subscribed",
  "settings.paused": "Status: an admin paused pushes to this chat",
  "settings.globalPaused": "Status: an admin paused all pushes",
  "settings.sections": "Sections: {sections}",
  "settings.schedule": "When: {schedule}",
  "settings.language": "Language: {language}",
  "settings.howToChange":
    "Send /subscribe crossborder ecommerce to choose sections, /unsubscribe to stop, /lang zh for Chinese.",

  "lang.name.zh-CN": "Chinese",
  "lang.name.en": "English",
  "lang.done": "OK, I'll reply in English from now on.",
  "lang.current": "Current language: {language}. Send /lang en or /lang zh to switch.",

  "push.notRunning": "Delivery isn't running, so I can't push now.",
  "push.started": "Push started: {message}",
  "push.notStarted": "Push not started: {message}",
  "pause.all": "All pushes paused. Send /resume to resume.",
  "pause.chat": "Pushes to {chat} paused. Send /resume {chat} to resume.",
  "resume.all": "All pushes resumed.",
  "resume.chat": "Pushes to {chat} resumed.",
  "resume.notPaused": "{chat} isn't paused.",
  "resume.inactive": "{chat} is gone ({reason}); it can't be resumed.",
  "admin.unknownChat": "I don't know the chat {chat}.",

  "stats.heading": "Statistics",
  "stats.platform": "{platform}: {active} active, {paused} paused, {inactive} removed",
  "stats.noChats": "No chats yet.",
  "stats.subscribers": "Subscribed chats: {count}",
  "stats.pushesPaused": "All pushes: paused",
  "stats.pushesRunning": "All pushes: running",
  "stats.lastPush": "Last push:",
  "stats.noLastPush": "No push yet.",
  "stats.lastBroadcast": "Last announcement {id}: {status}, reached {reached}/{planned} chats ({at})",
  "stats.applications": "Applications waiting for review: {count}",

  "help.broadcast": "send an announcement to every subscribed chat (preview first, then confirm)",
  "usage.broadcast":
    "Usage: /broadcast your announcement (at most 3,500 characters). I show a preview first; send /broadcast confirm to send it or /broadcast cancel to drop it.",
  "broadcast.previewIntro": "Preview: every chat will receive the announcement below.",
  "broadcast.audience":
    "It will go to {total} chats ({platforms}). Confirm within {minutes} minutes or it expires.",
  "broadcast.confirmButton": "Send it",
  "broadcast.cancelButton": "Cancel",
  "broadcast.noAudience": "No chat is subscribed right now: this announcement would reach nobody.",
  "broadcast.pausedNote": "Note: all pushes are paused; send /resume before you confirm.",
  "broadcast.tooLong": "The announcement is too long: {length} characters, at most {max}.",
  "broadcast.nothingPending":
    "No announcement is waiting for confirmation. Send /broadcast followed by its text first.",
  "broadcast.expired":
    "That announcement was not confirmed within {minutes} minutes and has expired. Send /broadcast with its text again.",
  "broadcast.cancelled": "Announcement dropped; nothing was sent.",
  "broadcast.started":
    "Announcement {id} is going out to {chats} chats ({platforms}). I'll send you a report when it's done.",
  "broadcast.duplicate": "That announcement ({id}) is already going out or was sent; it won't be sent twice.",
  "broadcast.paused":
    "All pushes are paused, so the announcement was not sent. Send /resume, then confirm again.",
  "broadcast.notRunning": "Delivery isn't running, so I can't send announcements now.",
  "broadcast.failed": "The announcement was not sent: {reason}",
};
