/** Made-up people with valid, unique-enough identity data, so each run applies as someone new. */

const SURNAMES = ['张', '李', '王', '杨', '赵', '刀', '段', '普', '罗', '和']
const GIVEN = ['建国', '秀英', '玉兰', '志强', '金花', '文华', '春梅', '国华', '晓东', '丽萍']

const pick = (list) => list[Math.floor(Math.random() * list.length)]
const digits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('')

/**
 * A resident ID number under GB 11643 (region, birth date, sequence, MOD 11-2 check character).
 * @param {string} region six digits, e.g. 530111 (官渡区)
 */
function idNumber(region = '530111') {
  const year = 1970 + Math.floor(Math.random() * 30)
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')
  const body = region + year + month + day + digits(3)
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = body.split('').reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

function worker() {
  return {
    realName: pick(SURNAMES) + pick(GIVEN),
    idNumber: idNumber(),
    phoneNumber: '139' + digits(8),
    employer: '云南云内动力集团有限公司',
    occupation: '焊工',
  }
}

module.exports = { worker, idNumber }
