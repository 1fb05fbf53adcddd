import type { IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { headersFromRecord, type TransportRequest, type TransportResponse } from '@incydr-health/core/http/transport';

/** Stands in wherever a core client expects a secret that n8n keeps inside the credential; it opens nothing. */
export const DELEGATION_MARKER = 'delegated-to-n8n-credential';

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | number | undefined>;
	body: unknown;
}

/**
 * n8n request options for a core request. The core's own Authorization header carries only the marker, so it is
 * dropped and the credential's `authenticate` supplies the real one. Status errors come back as answers, because
 * the core's executor decides what to retry.
 */
export function delegatedRequestOptions(request: TransportRequest): IHttpRequestOptions {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (name.toLowerCase() !== 'authorization') headers[name] = value;
	}
	return {
		method: request.method as IHttpRequestMethods,
		url: request.url,
		headers,
		body: request.body,
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		abortSignal: request.signal,
	};
}

/** One request through n8n's authenticated HTTP helper, answered as a core TransportResponse. */
export async function sendAuthenticated(context: IExecuteFunctions, credentialType: string, options: IHttpRequestOptions): Promise<TransportResponse> {
	try {
		const answer = (await context.helpers.httpRequestWithAuthentication.call(context, credentialType, options)) as FullResponse;
		return {
			status: answer.statusCode,
			headers: headersFromRecord(answer.headers ?? {}),
			text: async () => bodyText(answer.body),
		};
	} catch (error) {
		const status = statusOf(error);
		// No answer at all (refused connection, DNS): the original error rides along as the cause, whose network code
		// lets the core's retry policy try again and word the failure.
		if (status === undefined) throw new NodeApiError(context.getNode(), error as JsonObject);
		const response = (error as { cause?: { response?: { data?: unknown } } }).cause?.response;
		return textResponse(status, bodyText(response?.data));
	}
}

export function textResponse(status: number, text: string): TransportResponse {
	return { status, headers: headersFromRecord({}), text: async () => text };
}

function statusOf(error: unknown): number | undefined {
	const candidate = error as { httpCode?: string | null; response?: { status?: number }; cause?: { response?: { status?: number } } };
	const status = candidate.cause?.response?.status ?? candidate.response?.status ?? Number(candidate.httpCode);
	return Number.isInteger(status) && status >= 100 ? status : undefined;
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return new TextDecoder().decode(body as ArrayBuffer);
	return JSON.stringify(body);
}
