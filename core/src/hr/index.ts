/** The HR side of the core in one import: connectors, their shared options and errors, and the CSV reader. */
export * from './person.js';
export * from './connector.js';
export { HrApiError, HR_RETRY } from './http.js';
// The connectors' transport, clock and retry options are the shared HTTP layer's, as for the Incydr client.
export { systemClock, type Clock } from '../http/clock.js';
export { fetchTransport, type Transport, type TransportRequest, type TransportResponse } from '../http/transport.js';
export { DEFAULT_RETRY, type RetryOptions } from '../http/retry-policy.js';
export { createBambooHrConnector, BAMBOOHR_REPORT_FIELDS, type BambooHrOptions } from './bamboohr.js';
export { createWorkdayConnector, DEFAULT_WORKDAY_FIELDS, type WorkdayFieldMap, type WorkdayOptions } from './workday.js';
export { createScimConnector, type ScimOptions } from './scim.js';
export { createCsvConnector, readCsvPeople, CSV_COLUMNS, type CsvColumn, type CsvConnectorOptions } from './csv-people.js';
export { CsvFormatError, parseCsv } from './csv.js';
export { calendarDateIn, parseCalendarDate, type DateOrder } from './dates.js';
export { findCoverageGaps, type CoverageGap } from './coverage.js';
export { checkConnection, type ConnectionCheck } from './connection-check.js';
