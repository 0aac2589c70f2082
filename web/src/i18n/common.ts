// Words every screen uses. Labels of the services' codes are in src/vocab/labels.ts.
export const common = {
  'zh-CN': {
    app: { name: '网格', loading: '加载中…', retry: '重试', cancel: '取消', confirm: '确定', save: '保存', back: '返回', empty: '暂无内容', offline: '当前离线，显示的是本机保存的内容', signOut: '退出登录', language: '语言', updatedAt: '更新于 {time}' },
    nav: { shifts: '我的班次', tasks: '我的任务', requests: '诉求', me: '我的', grid: '本网格' },
    role: { volunteer: '志愿者', grid_worker: '网格员', community_admin: '社区管理员', request_handler: '诉求承办人', unit_coordinator: '单位联络员', city_admin: '市级管理员', report_reader: '报表查看', integrator: '系统接入' },
    error: { network: '网络不可用，请稍后再试', forbidden: '没有权限', notFound: '未找到', server: '服务暂时不可用（{status}）', unknown: '出错了：{message}' },
  },
  en: {
    app: { name: 'Wangge', loading: 'Loading…', retry: 'Retry', cancel: 'Cancel', confirm: 'OK', save: 'Save', back: 'Back', empty: 'Nothing here', offline: 'Offline: showing what this device keeps', signOut: 'Sign out', language: 'Language', updatedAt: 'Updated {time}' },
    nav: { shifts: 'My shifts', tasks: 'My tasks', requests: 'Requests', me: 'Me', grid: 'My grid' },
    role: { volunteer: 'Volunteer', grid_worker: 'Grid worker', community_admin: 'Community admin', request_handler: 'Request handler', unit_coordinator: 'Unit coordinator', city_admin: 'City admin', report_reader: 'Report reader', integrator: 'Integrator' },
    error: { network: 'No network; try again later', forbidden: 'Not allowed', notFound: 'Not found', server: 'Service unavailable ({status})', unknown: 'Something went wrong: {message}' },
  },
}
