// GET /w/:ws/costs/csv?period&groupBy&granularity[&from&to]: the cost report as CSV, fetched from billing with the
// user's token (refreshed on 401) and streamed to the browser as a download.
import { NextResponse, type NextRequest } from 'next/server';
import { ApiCallError } from '../../../../../src/lib/api-error';
import { billingQueryString, parseCostQuery } from '../../../../../src/lib/cost-query';
import { callRaw } from '../../../../../src/server/api-client';

export const dynamic = 'force-dynamic';

export async function GET(req: NextRequest, { params }: { params: Promise<{ ws: string }> }): Promise<Response> {
  const { ws: workspaceId } = await params;
  const { query, error } = parseCostQuery(Object.fromEntries(req.nextUrl.searchParams), new Date());
  if (error) return NextResponse.json({ error: { code: 'invalid_request', message: error } }, { status: 400 });
  try {
    const res = await callRaw('billing', '/api/v1/reports/costs?' + billingQueryString(query, 'csv', workspaceId), { raw: true, mutable: true, timeoutMs: 60_000 });
    const name = `costs-${query.groupBy}-${query.granularity}-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.csv`;
    return new Response(await res.text(), {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (e) {
    if (e instanceof ApiCallError) {
      if (e.status === 401) return new Response(null, { status: 303, headers: { location: `/login?next=${encodeURIComponent(`/w/${workspaceId}/costs`)}` } });
      return NextResponse.json({ error: { code: e.code, message: e.message } }, { status: e.status });
    }
    throw e;
  }
}
