// Identifies the spreadsheet, archive or document a user passed to --crm
// instead of a CSV export, from its first bytes, so the error can name it
// and give the next step.

/** A non-CSV file format and the steps to get a CSV out of it. */
interface CrmFormat {
  name: string;
  hint: string;
}

const SAVE_AS_CSV = 'open it in Excel or LibreOffice and save the sheet as CSV (UTF-8), or export the CRM report as CSV';

const XLSX: CrmFormat = { name: 'an Excel workbook (.xlsx)', hint: SAVE_AS_CSV };
const XLS: CrmFormat = { name: 'an Excel 97-2003 workbook (.xls)', hint: SAVE_AS_CSV };
const MSG: CrmFormat = { name: 'an Outlook message (.msg)', hint: 'save it from Outlook as .eml and pass it with --eml; a CRM file must be the CSV export' };
const OLE2: CrmFormat = { name: 'an Office 97-2003 file (such as .xls, .doc or .msg)', hint: SAVE_AS_CSV };
const ODS: CrmFormat = { name: 'an OpenDocument spreadsheet (.ods)', hint: SAVE_AS_CSV };
const NUMBERS: CrmFormat = { name: 'an Apple Numbers file', hint: 'export it from Numbers as CSV' };
const ZIP: CrmFormat = { name: 'a zip archive', hint: 'unzip it first and pass the CSV files inside' };
const GZIP: CrmFormat = { name: 'a gzip-compressed file', hint: 'decompress it first (gunzip) and pass the CSV' };
const PDF: CrmFormat = { name: 'a PDF document', hint: 'export the CRM report as CSV instead of printing it' };
const SQLITE: CrmFormat = { name: 'an SQLite database', hint: 'export the opportunities table as CSV' };
const OTHER: CrmFormat = { name: 'binary content, not text', hint: 'export the CRM report as CSV' };

/** Byte offset of the file name in a zip local file header. */
const ZIP_NAME_OFFSET = 30;

function startsWith(bytes: Buffer, magic: string | number[]): boolean {
  const expected = typeof magic === 'string' ? Buffer.from(magic, 'latin1') : Buffer.from(magic);
  return bytes.length >= expected.length && bytes.subarray(0, expected.length).equals(expected);
}

/** Distinguishes an Office or OpenDocument file from a plain archive by its entries and extension. */
function zipFormat(bytes: Buffer, extension: string): CrmFormat {
  // The first entry's name follows the fixed header. An ODF file stores "mimetype" first, uncompressed,
  // and an Excel file has parts under xl/, whose names appear in the first entries' headers.
  const nameLength = bytes.length >= ZIP_NAME_OFFSET ? bytes.readUInt16LE(26) : 0;
  const firstName = bytes.subarray(ZIP_NAME_OFFSET, ZIP_NAME_OFFSET + nameLength).toString('latin1');
  const head = bytes.toString('latin1');
  if (firstName === 'mimetype' && head.includes('opendocument.spreadsheet')) return ODS;
  if (head.includes('xl/') || extension === '.xlsx' || extension === '.xlsm') return XLSX;
  if (firstName.startsWith('Index/') || extension === '.numbers') return NUMBERS;
  if (extension === '.ods') return ODS;
  return ZIP;
}

/** Office 97-2003 files share one container format, so only the extension separates a workbook from a message. */
function ole2Format(extension: string): CrmFormat {
  if (extension === '.xls') return XLS;
  if (extension === '.msg') return MSG;
  return OLE2;
}

/**
 * Describes a binary file given as a CRM export, such as `it is an Excel
 * workbook (.xlsx); open it in Excel or LibreOffice and save the sheet as
 * CSV (UTF-8), ...`. `extension` is the lower-case file extension with its dot.
 */
export function describeCrmBinary(bytes: Buffer, extension: string): string {
  const format = signatureFormat(bytes, extension) ?? OTHER;
  return `it is ${format.name}; ${format.hint}`;
}

/**
 * Describes a file whose first bytes are the signature of a known binary format, or returns
 * null. A damaged workbook (a zip signature, then text) is still no CSV, even when too few of
 * its bytes are control characters for the binary test.
 */
export function describeCrmSignature(bytes: Buffer, extension: string): string | null {
  const format = signatureFormat(bytes, extension);
  return format === null ? null : `it is ${format.name}; ${format.hint}`;
}

function signatureFormat(bytes: Buffer, extension: string): CrmFormat | null {
  if (startsWith(bytes, 'PK\x03\x04')) return zipFormat(bytes, extension);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return ole2Format(extension);
  if (startsWith(bytes, [0x1f, 0x8b])) return GZIP;
  if (startsWith(bytes, '%PDF-')) return PDF;
  if (startsWith(bytes, 'SQLite format 3\x00')) return SQLITE;
  return null;
}
