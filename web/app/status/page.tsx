import Home from '../page';

export const dynamic = 'force-dynamic';

export default Home;
