// The kubeconfig --kubeconfig-out writes keeps what the cluster entry needs to be reached (issue 11).
import t from 'tap';
import yaml from 'js-yaml';
import { userKubeconfig } from '../../src/kube/user-kubeconfig.js';

t.test('server, CA, tls-server-name and proxy-url are kept', async (t) => {
  const text = userKubeconfig({
    clusterName: 'prod',
    server: 'https://10.0.0.1:6443',
    caData: 'CA PEM',
    insecureSkipTlsVerify: false,
    tlsServerName: 'kubernetes',
    proxyUrl: 'socks5://127.0.0.1:1080',
    userName: 'jane',
    certificatePem: 'CERT',
    keyPem: 'KEY',
  });
  const config = yaml.load(text) as any;
  t.strictSame(config.clusters, [
    {
      name: 'prod',
      cluster: {
        server: 'https://10.0.0.1:6443',
        'certificate-authority-data': Buffer.from('CA PEM').toString('base64'),
        'tls-server-name': 'kubernetes',
        'proxy-url': 'socks5://127.0.0.1:1080',
      },
    },
  ]);
  t.equal(config['current-context'], 'jane@prod');
});
