import { createApp } from 'vue'
import 'vant/es/style/base.css'
import './ui/base.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { restoreSession } from './auth/session'
import { startOffline } from './offline'

async function start(): Promise<void> {
  await restoreSession()
  const app = createApp(App)
  app.use(i18n).use(router)
  app.mount('#app')
  startOffline()
}

void start()
