/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { serviceWorker } from './vite-plugins/service-worker'
import { localOnlyCss } from './vite-plugins/local-only-css'
import { vantStyles } from './vite-plugins/vant-styles'

// The gateway serves the build (dist/) at / and the services under their prefixes;
// `npm run dev` proxies those prefixes to a gateway started by `make run`.
const gateway = process.env.WANGGE_GATEWAY ?? 'http://127.0.0.1:8000'
const services = ['accounts', 'registry', 'dispatch', 'visits', 'reporting']

export default defineConfig({
  plugins: [vue(), vantStyles(), localOnlyCss(), serviceWorker({ src: fileURLToPath(new URL('./src/offline/sw.ts', import.meta.url)) })],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    target: 'es2020',
    // no inline <script> or data: modules: the gateway's Content-Security-Policy forbids them
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(services.map((s) => [`/${s}/`, { target: gateway }])),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'vite-plugins/**/*.test.ts'],
  },
})
