export default {
  'zh-CN': {
    requests: {
      title: '诉求', assignedTab: '待我处理', raisedTab: '我提交的',
      noneAssigned: '没有转办给你的诉求', noneRaised: '你走访时还没有登记诉求', noneHint: '走访时登记的困难诉求会显示在这里，可随时查看办理进度',
      loadFailed: '诉求加载失败', fromDevice: '离线：显示的是 {time} 保存的内容',
      dueIn: '剩余 {span}', overdueBy: '已超时 {span}', overdueTag: '已超时', escalated: '已上报 {n} 级',
      span: { dh: '{d}天{h}小时', hm: '{h}小时{m}分', m: '{m}分钟' },
      raisedAt: '{time} 登记', grid: '网格 {code}', household: '户 {code}', assignedTo: '承办 {to}', notAssigned: '待转办',
      accepted: '已接收', accept: '接收', resolve: '办结', notePlaceholder: '办理结果（选填，将留存在系统中）', noteLabel: '办理说明',
      acceptDone: '已接收', resolveDone: '已办结', history: '办理进度', historyFailed: '进度加载失败', noHistory: '暂无进度',
      me: '我', system: '系统', someone: '账号 {id}', more: '查看进度', less: '收起',
      action: { raised: '登记诉求', assigned: '转办', transferred: '改派', accepted: '接收', resolved: '办结', closed: '关闭', reopened: '重新打开', escalated: '超时上报' },
    },
  },
  en: {
    requests: {
      title: 'Requests', assignedTab: 'For me', raisedTab: 'Raised by me',
      noneAssigned: 'No requests assigned to you', noneRaised: 'You have not raised any requests on your visits', noneHint: 'Requests raised on your visits show here with their progress',
      loadFailed: 'Could not load requests', fromDevice: 'Offline: saved at {time}',
      dueIn: '{span} left', overdueBy: 'Overdue by {span}', overdueTag: 'Overdue', escalated: 'Escalated {n}×',
      span: { dh: '{d} d {h} h', hm: '{h} h {m} min', m: '{m} min' },
      raisedAt: 'Raised {time}', grid: 'Grid {code}', household: 'Household {code}', assignedTo: 'With {to}', notAssigned: 'Not passed on yet',
      accepted: 'Accepted', accept: 'Accept', resolve: 'Resolve', notePlaceholder: 'What was done (optional; kept in the system)', noteLabel: 'Note',
      acceptDone: 'Accepted', resolveDone: 'Resolved', history: 'Progress', historyFailed: 'Could not load the progress', noHistory: 'No progress yet',
      me: 'Me', system: 'System', someone: 'Account {id}', more: 'Progress', less: 'Hide',
      action: { raised: 'Raised', assigned: 'Passed on', transferred: 'Transferred', accepted: 'Accepted', resolved: 'Resolved', closed: 'Closed', reopened: 'Reopened', escalated: 'Escalated (overdue)' },
    },
  },
}
