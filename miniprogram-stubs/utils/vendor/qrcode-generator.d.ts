// Types for the vendored qrcode-generator 2.0.4: the part utils/qr.js uses. (The package's own declaration file
// declares a global and a named module, which does not fit a relative require.)
declare function qrcode(typeNumber: number, errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H'): qrcode.QRCode

declare namespace qrcode {
  interface QRCode {
    addData(data: string, mode?: 'Numeric' | 'Alphanumeric' | 'Byte' | 'Kanji'): void
    make(): void
    getModuleCount(): number
    isDark(row: number, col: number): boolean
  }
}

export = qrcode
