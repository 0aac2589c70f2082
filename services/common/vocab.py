"""The domain's words: every closed list of codes that more than one module must agree on.

Contracts validate with these lists, domains check with them, projections count by them,
the importer maps spellings onto them and the published schemas enumerate them, so each
list is written once, here. Plain tuples and the standard library only: the pure domain
modules import this without pulling in marshmallow, SQLAlchemy or nameko. Order matters
where a list is published (JSON Schema enums in docs/contracts) or becomes SQL columns
(reporting's frozen figures): append new words at the end.

Chinese labels are given as comments, for the people who read the codes. A guard
(tests/unit/test_vocabulary.py) fails when one of these lists is written out again
elsewhere in services/: import it from here instead.
"""

from __future__ import annotations

# -- areas ---------------------------------------------------------------------------------
# 市 · 区 · 街道 · 社区 · 网格, from the top down: each level's parent is the one before it.
AREA_LEVELS = ("city", "district", "street", "community", "grid")

# -- registry: households and residents ----------------------------------------------------
# 住宅 · 出租屋 · 商铺门店 · 企业
HOUSEHOLD_KINDS = ("residence", "rental", "shop", "enterprise")
# 孤寡老人 · 残疾人 · 困境儿童 · 重点人员 · 来返人员 · 孕产妇 · 慢性病 · 退役军人 · 低保
RESIDENT_TAGS = ("elderly_alone", "disabled", "child_in_need", "key_person", "returnee",
                 "pregnant", "chronic_illness", "veteran", "low_income")
# 男 · 女
GENDERS = ("male", "female")
# 未接种 · 部分接种 · 全程接种 · 加强针
VACCINATION = ("none", "partial", "full", "booster")
# 阴性 · 阳性 · 待出
TEST_RESULTS = ("negative", "positive", "pending")
# 核酸 · 抗原
TEST_KINDS = ("pcr", "antigen")

# -- dispatch: pairing orders, shifts and attendance ---------------------------------------
# 入户走访 · 卡口值守 · 核酸检测协助 · 宣传 · 安全检查 · 电话核查
TASK_KINDS = ("door_to_door", "checkpoint", "testing_support", "publicity", "safety_check",
              "phone_check")
# 半天 · 全天
SLOT_KINDS = ("half_day", "day")
# 上午 · 下午 · 全天
HALVES = ("am", "pm", "day")
# 卡口 · 核酸采样点 · 其他
SITE_KINDS = ("checkpoint", "testing_site", "other")
# 签到 · 签退
CHECKIN_KINDS = ("in", "out")
# What made a person present: their scan, a visit they recorded on the shift, or a
# correction by someone entitled to make it.
PRESENCE_BASES = ("scan", "visit", "correction")
# Why a volunteer left a shift (dispatch.volunteer_unassigned).
UNASSIGN_REASONS = ("declined", "replaced", "head_count_reduced", "shift_cancelled", "swapped",
                    "volunteer_unavailable")

# -- visits: door-to-door campaigns --------------------------------------------------------
# 上门 · 电话 · 视频
VISIT_METHODS = ("in_person", "phone", "video")
# 已走访 · 不在家 · 拒访 · 空置
VISIT_OUTCOMES = ("reached", "not_home", "refused", "vacant")
# A household's state in a campaign: 未分配 · 已分配, then the outcome of its last visit.
HOUSEHOLD_STATES = ("unassigned", "assigned", *VISIT_OUTCOMES)
# Why an assigned household went back (visits.tasks_released).
RELEASE_REASONS = ("shift_cancelled", "volunteer_unassigned", "shift_ended",
                   "campaign_ended", "reassigned")
# What a visit found wrong in the registry: 新增人员 · 迁出 · 标签变更 · 状态变更
CORRECTION_KINDS = ("new_resident", "moved_out", "tags_changed", "status_changed")
# How a head-count discrepancy was settled: 已更正 · 已核实 · 撤销
DISCREPANCY_RESOLUTIONS = ("corrected", "confirmed", "dismissed")
# 隐患: 水 · 电 · 燃气 · 消防 · 房屋结构 · 其他
HAZARD_KINDS = ("water", "electricity", "gas", "fire", "structure", "other")
# 低 · 中 · 高
HAZARD_SEVERITIES = ("low", "medium", "high")

# -- residents' requests (困难诉求) ----------------------------------------------------------
# 就医 · 生活物资 · 养老照护 · 社会保障 · 住房安全 · 其他
REQUEST_CATEGORIES = ("medical", "supplies", "elderly_care", "social_security",
                      "housing_safety", "other")
# 低 · 一般 · 高 · 紧急 (requests; incidents use the same scale)
URGENCIES = ("low", "normal", "high", "critical")
# 待办 · 已转办 · 已办结 · 已关闭
REQUEST_STATUSES = ("open", "assigned", "resolved", "closed")
# still to be acted on: what can fall overdue
REQUEST_ACTIVE_STATUSES = ("open", "assigned")
# Who may close a resolved request: 居民确认 · 网格长
REQUEST_CLOSERS = ("resident", "grid_leader")

# -- field work as it is organised (issue 16; not yet used by any service) -------------------
# 临时党支部 · 突击队 · 三人小组 (police officer + health worker + grid worker) · 其他
TEAM_KINDS = ("party_branch", "shock_team", "three_person", "other")
# Who a team's members are: 志愿者 · 网格员 · 民警 · 医务人员 · 其他工作人员
TEAM_MEMBER_KINDS = ("volunteer", "grid_worker", "police", "health_worker", "staff")
# 四必访: 党员家庭 · 居民代表 · 特殊家庭 (孤寡、残疾、困难家庭) · 重点人员
MUST_VISIT_CATEGORIES = ("party_member_family", "residents_representative",
                         "special_family", "key_person")
# 三必到 and the rest: 紧急事件 · 矛盾纠纷 · 特殊任务 · 隐患 (隐患整改 when raised from a
# visit) · 其他
INCIDENT_KINDS = ("emergency", "dispute", "special_task", "hazard", "other")
# 已上报 · 已受理 · 已到场 · 已处置 · 已办结 (passing it on returns it to reported)
INCIDENT_STATUSES = ("reported", "acknowledged", "on_site", "handled", "closed")
# 场所码: 未申领 · 已申领 · 已张贴
VENUE_CODE_STATUSES = ("none", "applied", "displayed")
# 居民身份证 · 港澳居民居住证 · 台湾居民居住证 · 港澳居民来往内地通行证 ·
# 台湾居民来往大陆通行证 · 护照 · 外国人永久居留身份证
ID_DOCUMENT_KINDS = ("id_card", "hk_macao_residence_permit", "taiwan_residence_permit",
                     "hk_macao_travel_permit", "taiwan_travel_permit", "passport",
                     "foreign_permanent_id")
# 网格调整: 楼栋划转 · 拆分 · 合并 · 撤销
GRID_CHANGES = ("move_building", "split", "merge", "retire")
# 账号状态: 已邀请 · 正常 · 已锁定 · 已停用 (services/accounts)
ACCOUNT_STATUSES = ("invited", "active", "locked", "disabled")
# 志愿者报名: 待审核 · 已通过 · 未通过 (services/accounts, volunteer sign-up)
APPLICATION_STATUSES = ("pending", "approved", "rejected")
