import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'incydrHealthPortalApi';

/** The portal's API base from the credential's URL, or an error a person can fix in the credential. */
export async function portalApiBase(context: IExecuteFunctions): Promise<string> {
	const credentials = await context.getCredentials<{ url?: string }>(CREDENTIAL_TYPE);
	const raw = String(credentials.url ?? '').trim().replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new NodeOperationError(context.getNode(), `The credential's Portal URL "${raw}" is not a URL; use e.g. https://approvals.corp.example`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new NodeOperationError(context.getNode(), `The credential's Portal URL must start with http:// or https://, got "${raw}"`);
	}
	return `${raw}/api/v1`;
}

interface PortalProblem {
	error?: unknown;
	details?: unknown;
}

/** The portal's `{error, details}` as one readable line: the first few field problems after the summary. */
function describe(problem: PortalProblem): string | undefined {
	if (!Array.isArray(problem.details)) return undefined;
	const lines = problem.details
		.slice(0, 5)
		.map((d) => (typeof d === 'object' && d !== null ? `${String((d as IDataObject).path ?? '')}: ${String((d as IDataObject).message ?? '')}` : String(d)));
	return lines.length > 0 ? lines.join('; ') : undefined;
}

/**
 * One call to the portal with the credential's bearer token. Every answer is read (ignoreHttpStatusErrors) so a 4xx
 * becomes a NodeApiError carrying the portal's own message and status; the request options, and so the token,
 * never reach the error.
 */
export async function portalRequest<T>(
	context: IExecuteFunctions,
	base: string,
	method: IHttpRequestMethods,
	path: string,
	itemIndex: number,
	body?: IDataObject,
): Promise<T> {
	const operation = `${method} ${path}`;
	let response: { statusCode: number; body: unknown };
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
			method,
			url: `${base}${path}`,
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		const code = (error as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
		const reason = typeof code === 'string' ? code : 'network error';
		throw new NodeApiError(context.getNode(), { reason } as JsonObject, {
			itemIndex,
			message: `Could not reach the portal for ${operation} (${reason})`,
			description: `Check the credential's Portal URL (${base.replace(/\/api\/v1$/, '')}) and that the portal is running.`,
		});
	}
	if (response.statusCode >= 200 && response.statusCode < 300) return response.body as T;
	const problem = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as PortalProblem;
	const said = typeof problem.error === 'string' ? problem.error : `HTTP ${response.statusCode}`;
	throw new NodeApiError(context.getNode(), { error: said, details: (problem.details ?? null) as JsonObject } as JsonObject, {
		itemIndex,
		message: `The portal refused ${operation}: ${said}`,
		description: describe(problem),
		httpCode: String(response.statusCode),
	});
}
