export default {
  'zh-CN': {
    outbox: {
      title: '走访发送记录', entry: '走访发送记录', onDevice: '本机保存的走访',
      summary: { pending: '待发送', refused: '被退回', sent: '今日已发送' },
      section: { refused: '被退回，需修改', pending: '等待发送', sent: '今日已发送' },
      state: { pending: '待发送', sending: '发送中', sent: '已发送', refused: '被退回' },
      status: {
        offline: '当前离线：走访已保存在本机，联网后自动发送',
        expired: '登录已过期：走访仍保存在本机，重新登录后发送',
        sending: '正在发送…',
        waiting: '{n} 条走访等待发送，将自动重试',
        allSent: '所有走访都已发送',
      },
      signIn: '重新登录', retry: '立即重试',
      others: '本机还有 {n} 条其他账号记录的走访，待其本人登录后发送',
      household: '住户 {code}', captured: '记录于 {time}', sentAt: '发送于 {time}', attempts: '已尝试 {n} 次',
      problem: {
        network: '网络不可用，联网后自动重发', session: '登录已过期，重新登录后发送',
        server: '服务暂时不可用（{status}），稍后自动重试', other: '上次发送未成功，稍后自动重试',
      },
      field: {
        answers: '问卷', people_found: '实际人数', corrections: '人员变更', hazards: '安全隐患', requests: '困难诉求',
        shift_key: '班次', visited_at: '走访时间', visitor_id: '走访人', household_code: '住户', campaign_id: '走访活动',
        outcome: '走访结果', method: '走访方式', visit_id: '走访编号', campaign: '走访活动', _schema: '走访',
      },
      correct: '修改后重发', discard: '放弃此条',
      discardConfirm: '放弃后这条走访将从本机删除，不会发送。确定放弃？',
      empty: '还没有走访记录', emptyHint: '在“我的任务”中记录的走访会显示在这里，离线时也会保存在本机',
    },
  },
  en: {
    outbox: {
      title: 'Visits sent', entry: 'Visits sent from this phone', onDevice: 'Visits on this phone',
      summary: { pending: 'Waiting', refused: 'Refused', sent: 'Sent today' },
      section: { refused: 'Refused: correct them', pending: 'Waiting to be sent', sent: 'Sent today' },
      state: { pending: 'Waiting', sending: 'Sending', sent: 'Sent', refused: 'Refused' },
      status: {
        offline: 'Offline: visits are kept on this phone and sent once it is back online',
        expired: 'Session expired: visits are kept on this phone and sent after you sign in again',
        sending: 'Sending…',
        waiting: '{n} visits waiting; retried automatically',
        allSent: 'Every visit has been sent',
      },
      signIn: 'Sign in again', retry: 'Retry now',
      others: '{n} visits of another account wait on this phone until that person signs in',
      household: 'Household {code}', captured: 'Recorded {time}', sentAt: 'Sent {time}', attempts: '{n} attempts',
      problem: {
        network: 'No network; sent again once online', session: 'Session expired; sent after you sign in again',
        server: 'Service unavailable ({status}); retried automatically', other: 'The last try failed; retried automatically',
      },
      field: {
        answers: 'Questionnaire', people_found: 'Head count', corrections: 'Corrections', hazards: 'Hazards', requests: 'Requests',
        shift_key: 'Shift', visited_at: 'Visit time', visitor_id: 'Visitor', household_code: 'Household', campaign_id: 'Campaign',
        outcome: 'Outcome', method: 'Channel', visit_id: 'Visit id', campaign: 'Campaign', _schema: 'Visit',
      },
      correct: 'Correct and resend', discard: 'Give up this visit',
      discardConfirm: 'This visit will be deleted from this phone and never sent. Give it up?',
      empty: 'No visits yet', emptyHint: 'Visits you record from My tasks show here, kept on this phone even offline',
    },
  },
}
