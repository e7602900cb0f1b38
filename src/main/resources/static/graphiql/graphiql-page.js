// Starts GraphiQL with the settings the server put into the page (see GraphiqlController).
// A file of its own rather than an inline script, so the page's Content-Security-Policy can
// allow scripts from this origin only.
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  var fetcher = GraphiQL.createFetcher({ url: config.endpoint });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    // Shown in a first visit's tab; GraphiQL keeps the user's own tabs after that.
    defaultQuery: config.query,
    // The Authorization header every request (introspection included) is sent with.
    defaultHeaders: config.headers,
    // Keys stay out of the browser's storage; the server prefills them on every visit.
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers'
  }));
}());
