/** Plain-word labels and China-time dates for what the API sends as codes and UTC instants. */

const CHINA_OFFSET_MS = 8 * 3600 * 1000

/** @param {number} n */
function pad(n) {
  return n < 10 ? '0' + n : String(n)
}

/**
 * @param {string | null | undefined} iso a UTC instant from the API
 * @returns {string} e.g. 2026年11月21日 20:05 (China time), or '' for none
 */
function dateTime(iso) {
  if (!iso) return ''
  const t = new Date(new Date(iso).getTime() + CHINA_OFFSET_MS)
  return t.getUTCFullYear() + '年' + (t.getUTCMonth() + 1) + '月' + t.getUTCDate() + '日 ' + pad(t.getUTCHours()) + ':' + pad(t.getUTCMinutes())
}

/**
 * @param {string | null | undefined} day a date without time (`2026-11-21`)
 * @returns {string} 2026年11月21日
 */
function date(day) {
  if (!day) return ''
  const [y, m, d] = day.split('-').map(Number)
  return y + '年' + m + '月' + d + '日'
}

const channels = [
  { value: 'employerUnion', label: '我的单位有工会', hint: '通过所在单位的工会入会' },
  { value: 'regionalUnion', label: '我的单位没有工会', hint: '通过所在地区或行业的工会入会（货车司机、快递员、外卖骑手等也选这里）' },
]

const employmentForms = [
  { value: 'labourContract', label: '签了劳动合同' },
  { value: 'dispatched', label: '劳务派遣' },
  { value: 'newEmploymentForm', label: '新就业形态（平台、货车司机、快递员、外卖骑手等）' },
  { value: 'selfEmployed', label: '个体经营、灵活就业' },
]

const newEmploymentKinds = [
  { value: 'truckDriver', label: '货车司机' },
  { value: 'courier', label: '快递员' },
  { value: 'foodDeliveryRider', label: '外卖骑手' },
  { value: 'rideHailingDriver', label: '网约车司机' },
  { value: 'householdService', label: '家政服务' },
  { value: 'other', label: '其他' },
]

const skillLevels = [
  { value: 'none', label: '暂无等级' },
  { value: 'level5', label: '五级/初级工' },
  { value: 'level4', label: '四级/中级工' },
  { value: 'level3', label: '三级/高级工' },
  { value: 'level2', label: '二级/技师' },
  { value: 'level1', label: '一级/高级技师' },
  { value: 'principalTechnician', label: '特级技师' },
]

/** GB/T 4754-2017 sections, as the API names them. */
const industrySections = [
  ['A', '农、林、牧、渔业'], ['B', '采矿业'], ['C', '制造业'], ['D', '电力、热力、燃气及水生产和供应业'], ['E', '建筑业'],
  ['F', '批发和零售业'], ['G', '交通运输、仓储和邮政业'], ['H', '住宿和餐饮业'], ['I', '信息传输、软件和信息技术服务业'],
  ['J', '金融业'], ['K', '房地产业'], ['L', '租赁和商务服务业'], ['M', '科学研究和技术服务业'], ['N', '水利、环境和公共设施管理业'],
  ['O', '居民服务、修理和其他服务业'], ['P', '教育'], ['Q', '卫生和社会工作'], ['R', '文化、体育和娱乐业'],
  ['S', '公共管理、社会保障和社会组织'], ['T', '国际组织'],
].map(([value, label]) => ({ value, label }))

/**
 * @param {{ value: string, label: string }[]} options
 * @param {string | null | undefined} value
 * @returns {number} the index for a picker, -1 when none is chosen
 */
function indexOf(options, value) {
  return options.findIndex((o) => o.value === value)
}

/**
 * @param {{ value: string, label: string }[]} options
 * @param {string | null | undefined} value
 */
function labelOf(options, value) {
  const found = options.find((o) => o.value === value)
  return found ? found.label : ''
}

/**
 * @param {number} bytes
 * @returns {string} e.g. 820 KB, 5.0 MB
 */
function fileSize(bytes) {
  return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB'
}

module.exports = { dateTime, date, fileSize, channels, employmentForms, newEmploymentKinds, skillLevels, industrySections, indexOf, labelOf }
