// The form shows a conditional question as soon as the answer it depends on is given (an
// answer added to the reactive answers, not only one changed) and hides it again.
import { describe, expect, it } from 'vitest'
import { nextTick, reactive } from 'vue'
import { mount } from '@vue/test-utils'
import { createI18n } from 'vue-i18n'
import QuestionnaireForm from './QuestionnaireForm.vue'
import type { Answers, QuestionnaireDef } from './definition'

const def: QuestionnaireDef = {
  id: 'q', version: 1, title: 'Q',
  questions: [
    { id: 'a', type: 'yes_no', text: 'A?', required: true, section: '一' },
    { id: 'b', type: 'text', text: 'B', required: true, section: '一', when: { question: 'a', equals: true } },
    { id: 'm', type: 'multiple_choice', text: 'M', section: '二', options: [{ value: 'p', label: '甲' }, 'q'] },
    { id: 'n', type: 'number', text: 'N', section: '二', when: { question: 'm', equals: 'p' } },
  ],
}

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': { capture: { yes: '是', no: '否' } } }, missingWarn: false, fallbackWarn: false })

function render(answers: Answers, errors: Record<string, string> = {}) {
  return mount(QuestionnaireForm, { props: { definition: def, answers, errors }, global: { plugins: [i18n] } })
}

const shown = (w: ReturnType<typeof render>) => w.findAll('[data-question]').map((x) => x.attributes('data-question'))

describe('QuestionnaireForm', () => {
  it('asks a conditional question once its condition is answered, and not after it changes', async () => {
    const answers = reactive<Answers>({})
    const w = render(answers)
    expect(shown(w)).toEqual(['a', 'm'])
    await w.find('[data-question="a"] [role="radio"]').trigger('click') // 是
    expect(answers.a).toBe(true)
    await nextTick()
    expect(shown(w)).toEqual(['a', 'b', 'm'])
    answers.a = false
    await nextTick()
    expect(shown(w)).toEqual(['a', 'm'])
  })

  it('asks on a multiple-choice option chosen, and shows the section titles', async () => {
    const answers = reactive<Answers>({})
    const w = render(answers)
    answers.m = ['p']
    await nextTick()
    expect(shown(w)).toEqual(['a', 'm', 'n'])
    expect(w.text()).toContain('二')
  })

  it('shows an error under its question', () => {
    const w = render(reactive<Answers>({}), { a: '此题必答' })
    const error = w.find('[data-test="field-error"]')
    expect(error.attributes('data-field')).toBe('a')
    expect(error.text()).toBe('此题必答')
  })
})
