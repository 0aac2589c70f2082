export default {
  'zh-CN': {
    tasks: {
      title: '我的任务', gridTitle: '本网格',
      total: '总户数', reached: '已走访', notHome: '不在家', left: '剩余',
      shift: '{day} {half} · 网格 {grid}', today: '今天', households: '{n} 户',
      attempts: '已上门 {n} 次', noAttempts: '尚未走访', residents: '登记 {n} 人', noResidents: '未登记居住人员',
      state: { unassigned: '未分派', assigned: '未走访', reached: '已走访', not_home: '不在家 ×{n}', refused: '拒访', vacant: '空置', not_assigned: '未分派' },
      outbox: { pending: '待发送', sending: '发送中', sent: '已发送', refused: '被退回，点此修改' },
      empty: '暂无走访任务', emptyHint: '班次开始后，分给你的住户会显示在这里',
      fromDevice: '离线：显示本机保存的任务（{time}）',
      capture: '走访', open: '查看',
      reveal: '查看实名和电话（将留痕）', revealNote: '查看实名将被记录', revealConfirm: '查看本户居民的真实姓名和电话会逐人记录在审计日志中，请仅在工作需要时查看。确定查看？',
      revealed: '{name} · {phone}', noPhone: '无电话', revealFailed: '无法查看：{reason}',
      grid: {
        all: '全部住户', missing: '不漏一户', followUp: '电话回访', noCampaign: '本网格暂无进行中的走访活动',
        missingEmpty: '本网格住户均已走访', followUpEmpty: '暂无需要电话或视频回访的住户',
        since: '自 {day} 起', call: '电话回访', campaign: '活动：{name}', choose: '选择网格',
      },
      error: { forbidden: '没有权限查看这些任务', load: '任务加载失败：{reason}' },
    },
  },
  en: {
    tasks: {
      title: 'My tasks', gridTitle: 'My grid',
      total: 'Households', reached: 'Reached', notHome: 'Not home', left: 'Left',
      shift: '{day} {half} · grid {grid}', today: 'Today', households: '{n} households',
      attempts: '{n} attempts so far', noAttempts: 'Not visited yet', residents: '{n} registered', noResidents: 'Nobody registered here',
      state: { unassigned: 'Unassigned', assigned: 'Not visited', reached: 'Reached', not_home: 'Not home ×{n}', refused: 'Refused', vacant: 'Vacant', not_assigned: 'Unassigned' },
      outbox: { pending: 'Waiting to send', sending: 'Sending', sent: 'Sent', refused: 'Refused: tap to correct' },
      empty: 'No visits to make', emptyHint: 'The households given to you appear here once your shift is planned',
      fromDevice: 'Offline: tasks as kept on this device ({time})',
      capture: 'Visit', open: 'Open',
      reveal: 'Show names and phones (recorded)', revealNote: 'This read is recorded', revealConfirm: 'Showing a resident\'s real name and phone is written to the audit log. Only do it when your work needs it. Show them?',
      revealed: '{name} · {phone}', noPhone: 'no phone', revealFailed: 'Cannot show: {reason}',
      grid: {
        all: 'All households', missing: 'Not reached', followUp: 'Follow-up calls', noCampaign: 'No campaign is running in this grid',
        missingEmpty: 'Every household of the grid has been reached', followUpEmpty: 'No household waits for a phone or video check',
        since: 'since {day}', call: 'Call', campaign: 'Campaign: {name}', choose: 'Grid',
      },
      error: { forbidden: 'You may not see these tasks', load: 'Could not load the tasks: {reason}' },
    },
  },
}
