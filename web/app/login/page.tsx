import { LoginForm } from './login-form';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = typeof sp.next === 'string' ? sp.next : '';
  return (
    <section className="login card">
      <h1>Log in</h1>
      <LoginForm next={next} />
    </section>
  );
}
