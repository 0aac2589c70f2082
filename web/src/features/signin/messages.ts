export default {
  'zh-CN': {
    signin: {
      title: '网格 · 登录', subtitle: '志愿者、网格员登录后查看班次和走访任务',
      login: '手机号', loginPlaceholder: '请输入手机号', password: '密码', passwordPlaceholder: '请输入密码',
      submit: '登录', required: '请填写{field}', failed: '手机号或密码不正确',
      locked: '账号已被锁定，请联系管理员', tooMany: '尝试次数过多，请稍后再试', offline: '网络不可用，无法登录',
      noFieldRole: '此账号没有外勤权限（志愿者、网格员、诉求承办人）',
      roles: '我的身份', pending: '本机还有 {n} 条走访未发送，退出后仍会保留，再次登录后发送',
    },
  },
  en: {
    signin: {
      title: 'Wangge · Sign in', subtitle: 'Volunteers and grid workers: your shifts and visits',
      login: 'Mobile', loginPlaceholder: 'Mobile number', password: 'Password', passwordPlaceholder: 'Password',
      submit: 'Sign in', required: '{field} is required', failed: 'Wrong mobile number or password',
      locked: 'This account is locked; ask an administrator', tooMany: 'Too many attempts; try again later', offline: 'No network: cannot sign in',
      noFieldRole: 'This account has no field role (volunteer, grid worker, request handler)',
      roles: 'My roles', pending: '{n} visits on this device are not sent yet; they stay after signing out and are sent at the next sign-in',
    },
  },
}
