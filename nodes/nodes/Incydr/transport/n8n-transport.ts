import type { IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { headersFromRecord, type Transport, type TransportResponse } from '@incydr-health/core/incydr/index';

export const CREDENTIAL_TYPE = 'incydrApi';

/**
 * The core client asks `/v1/oauth` for a token before each first call. In n8n the credential owns the token (its
 * preAuthentication fetches it, n8n stores and refreshes it), so that request is answered here without leaving the
 * process, and the bearer the core then sends is replaced by the credential's own in `authenticate`.
 */
const TOKEN_PATH = /\/v1\/oauth$/;

/** Stands in wherever the core expects a credential value that n8n keeps to itself; it opens nothing. */
export const DELEGATION_MARKER = 'delegated-to-n8n-credential';

const DELEGATED_TOKEN_RESPONSE = JSON.stringify({
	access_token: DELEGATION_MARKER,
	token_type: 'bearer',
	expires_in: 86_400,
});

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | number | undefined>;
	body: unknown;
}

/** A core Transport over n8n's authenticated HTTP helper: one request per call, no retries of its own. */
export function n8nTransport(context: IExecuteFunctions): Transport {
	return async (request) => {
		if (request.method === 'POST' && TOKEN_PATH.test(new URL(request.url).pathname)) {
			return textResponse(200, DELEGATED_TOKEN_RESPONSE);
		}
		const headers = { ...request.headers };
		delete headers.Authorization;
		const options: IHttpRequestOptions = {
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
		const first = await send(context, options);
		if (first.status !== 401) return first;
		// A refused token: only an erroring request makes n8n refresh the credential's token and try once more.
		return await send(context, { ...options, ignoreHttpStatusErrors: false });
	};
}

async function send(context: IExecuteFunctions, options: IHttpRequestOptions): Promise<TransportResponse> {
	try {
		const answer = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options)) as FullResponse;
		return {
			status: answer.statusCode,
			headers: headersFromRecord(answer.headers ?? {}),
			text: async () => bodyText(answer.body),
		};
	} catch (error) {
		const status = statusOf(error);
		// No answer at all (refused connection, DNS): the original error rides along as the cause, whose network code
		// tells the core's retry policy that the request may be tried again.
		if (status === undefined) throw new NodeApiError(context.getNode(), error as JsonObject);
		const response = (error as { cause?: { response?: { data?: unknown } } }).cause?.response;
		return textResponse(status, bodyText(response?.data));
	}
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

function textResponse(status: number, text: string): TransportResponse {
	return { status, headers: headersFromRecord({}), text: async () => text };
}
