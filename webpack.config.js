/*
 * One entry per page, one HtmlWebpackPlugin each (the Office add-in template's
 * layout). Output goes to dist/public, which the server serves at /addin and /admin.
 */
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const pages = [
  { entry: 'addin/taskpane', source: './addin/taskpane/taskpane.ts', template: './addin/taskpane/taskpane.html', html: 'addin/taskpane.html' },
  { entry: 'addin/preview', source: './addin/preview/preview.ts', template: './addin/preview/preview.html', html: 'addin/preview.html' },
  { entry: 'addin/commands', source: './addin/commands/commands.ts', template: './addin/commands/commands.html', html: 'addin/commands.html' },
  { entry: 'admin/admin', source: './server/web/admin/admin.ts', template: './server/web/admin/index.html', html: 'admin/index.html' },
];

module.exports = (_env, argv) => ({
  mode: argv.mode || 'production',
  devtool: argv.mode === 'development' ? 'source-map' : false,
  entry: Object.fromEntries(pages.map((p) => [p.entry, p.source])),
  output: { path: path.resolve(__dirname, 'dist/public'), filename: '[name].js', publicPath: '/', clean: true },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{ test: /\.ts$/, loader: 'ts-loader', exclude: /node_modules/, options: { transpileOnly: true, configFile: 'tsconfig.json' } }],
  },
  plugins: [
    ...pages.map((p) => new HtmlWebpackPlugin({ filename: p.html, template: p.template, chunks: [p.entry], inject: 'body', scriptLoading: 'defer' })),
    new CopyWebpackPlugin({
      patterns: [
        { from: 'server/web/admin/admin.css', to: 'admin/admin.css' },
        { from: 'addin/taskpane/taskpane.css', to: 'addin/taskpane.css' },
        { from: 'addin/preview/preview.css', to: 'addin/preview.css' },
        { from: 'addin/assets', to: 'addin/assets', noErrorOnMissing: true },
      ],
    }),
  ],
  performance: { hints: false },
  // A second build with unchanged sources reuses this cache (seconds instead of a full
  // minified build). It lives in dist/ so deleting dist/ starts clean; tsconfig.json is
  // listed because ts-loader reads it without telling webpack.
  cache: {
    type: 'filesystem',
    cacheDirectory: path.resolve(__dirname, 'dist/.cache/webpack'),
    buildDependencies: { config: [__filename, path.resolve(__dirname, 'tsconfig.json')] },
  },
});
