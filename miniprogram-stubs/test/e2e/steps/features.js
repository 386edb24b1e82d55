/**
 * Steps of the training, quiz and subsidy journeys, driven through the pages the way a person uses them. Each starts
 * from a worker who has joined a union (`membership.joinedWorker`).
 */

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { openPage } = require('../../support/harness')
const { createPhone } = require('../../support/wx-shim')
const { follow } = require('./membership')

/** Opens a course found by its title and enrols in its first session; returns the course page. */
async function enrolInCourse({ phone }, { keyword, title }) {
  const courses = await openPage(phone, 'pages/training/courses')
  await courses.input('.keyword', keyword)
  await courses.tap('.search')
  await courses.tap('.course', title)
  const course = await follow(phone)
  assert.equal(course.text('.course-title'), title)
  await course.tap('.enroll')
  return course
}

/** A small JPEG on this "phone", as wx.chooseMedia hands back a temporary file. */
function photo(name) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'changai-photo-')), name)
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7), Buffer.from([0xff, 0xd9])]))
  return file
}

/** A small PDF on this "phone", as wx.chooseMessageFile hands back a file someone sent in a chat. */
function pdf(name) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'changai-pdf-')), name)
  fs.writeFileSync(file, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
  return { path: file, name, size: fs.statSync(file).size }
}

/** An officer logs in on the officer pages and opens the subsidy review queue. */
async function officerSubsidyQueue(apiUrl, { username, password }) {
  const phone = createPhone({ apiUrl })
  const login = await openPage(phone, 'pages/officer/login')
  await login.input('.username', username)
  await login.input('.password', password)
  await login.tap('.login')
  login.close()
  return { phone, queue: await openPage(phone, 'pages/officer/subsidies') }
}

module.exports = { enrolInCourse, photo, pdf, officerSubsidyQueue }
