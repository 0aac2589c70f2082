// Chinese and English labels of the codes the web app shows (codes: ./codes.ts, generated
// from services/common/vocab.py). labels.test.ts fails when a code of a listed vocabulary
// has no label in a language, so a code added to the services shows up here as a failure.
export const LABELS = {
  'zh-CN': {
    HOUSEHOLD_KINDS: { residence: '住宅', rental: '出租屋', shop: '商铺门店', enterprise: '企业' },
    RESIDENT_TAGS: { elderly_alone: '孤寡老人', disabled: '残疾人', child_in_need: '困境儿童', key_person: '重点人员', returnee: '来返人员', pregnant: '孕产妇', chronic_illness: '慢性病', veteran: '退役军人', low_income: '低保' },
    GENDERS: { male: '男', female: '女' },
    TASK_KINDS: { door_to_door: '入户排查', checkpoint: '卡口执勤', testing_support: '核酸采样协助', publicity: '宣传引导', safety_check: '安全检查', phone_check: '电话核实' },
    HALVES: { am: '上午', pm: '下午', day: '全天' },
    SITE_KINDS: { checkpoint: '卡口', testing_site: '核酸采样点', other: '其他' },
    CHECKIN_KINDS: { in: '签到', out: '签退' },
    VISIT_METHODS: { in_person: '入户', phone: '电话', video: '视频' },
    VISIT_OUTCOMES: { reached: '已走访', not_home: '不在家', refused: '拒访', vacant: '空置' },
    HOUSEHOLD_STATES: { unassigned: '未分派', assigned: '待走访', reached: '已走访', not_home: '不在家', refused: '拒访', vacant: '空置' },
    CORRECTION_KINDS: { new_resident: '新增人员', moved_out: '已迁出', tags_changed: '标签变更', status_changed: '状态变更' },
    HAZARD_KINDS: { water: '用水', electricity: '用电', gas: '燃气', fire: '消防', structure: '房屋结构', other: '其他' },
    HAZARD_SEVERITIES: { low: '低', medium: '中', high: '高' },
    REQUEST_CATEGORIES: { medical: '就医', supplies: '生活物资', elderly_care: '养老照护', social_security: '社会保障', housing_safety: '住房安全', other: '其他' },
    URGENCIES: { low: '低', normal: '一般', high: '高', critical: '紧急' },
    REQUEST_STATUSES: { open: '待办', assigned: '已转办', resolved: '已办结', closed: '已关闭' },
    UNASSIGN_REASONS: { declined: '本人请假', replaced: '已换人', head_count_reduced: '减少人数', shift_cancelled: '班次取消', swapped: '已对调', volunteer_unavailable: '不可参加' },
  },
  en: {
    HOUSEHOLD_KINDS: { residence: 'Residence', rental: 'Rental', shop: 'Shop', enterprise: 'Enterprise' },
    RESIDENT_TAGS: { elderly_alone: 'Elderly living alone', disabled: 'Disabled', child_in_need: 'Child in need', key_person: 'Key person', returnee: 'Returnee', pregnant: 'Pregnant', chronic_illness: 'Chronic illness', veteran: 'Veteran', low_income: 'Low income' },
    GENDERS: { male: 'Male', female: 'Female' },
    TASK_KINDS: { door_to_door: 'Door to door', checkpoint: 'Checkpoint', testing_support: 'Testing support', publicity: 'Publicity', safety_check: 'Safety check', phone_check: 'Phone check' },
    HALVES: { am: 'Morning', pm: 'Afternoon', day: 'Whole day' },
    SITE_KINDS: { checkpoint: 'Checkpoint', testing_site: 'Testing site', other: 'Other' },
    CHECKIN_KINDS: { in: 'Check in', out: 'Check out' },
    VISIT_METHODS: { in_person: 'In person', phone: 'Phone', video: 'Video' },
    VISIT_OUTCOMES: { reached: 'Reached', not_home: 'Not home', refused: 'Refused', vacant: 'Vacant' },
    HOUSEHOLD_STATES: { unassigned: 'Unassigned', assigned: 'To visit', reached: 'Reached', not_home: 'Not home', refused: 'Refused', vacant: 'Vacant' },
    CORRECTION_KINDS: { new_resident: 'New resident', moved_out: 'Moved out', tags_changed: 'Tags changed', status_changed: 'Status changed' },
    HAZARD_KINDS: { water: 'Water', electricity: 'Electricity', gas: 'Gas', fire: 'Fire', structure: 'Structure', other: 'Other' },
    HAZARD_SEVERITIES: { low: 'Low', medium: 'Medium', high: 'High' },
    REQUEST_CATEGORIES: { medical: 'Medical', supplies: 'Supplies', elderly_care: 'Elderly care', social_security: 'Social security', housing_safety: 'Housing safety', other: 'Other' },
    URGENCIES: { low: 'Low', normal: 'Normal', high: 'High', critical: 'Critical' },
    REQUEST_STATUSES: { open: 'Open', assigned: 'Passed on', resolved: 'Resolved', closed: 'Closed' },
    UNASSIGN_REASONS: { declined: 'Declined', replaced: 'Replaced', head_count_reduced: 'Head count reduced', shift_cancelled: 'Shift cancelled', swapped: 'Swapped', volunteer_unavailable: 'Unavailable' },
  },
} as const

export type Vocabulary = keyof (typeof LABELS)['zh-CN']
