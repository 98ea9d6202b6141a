Office.onReady(() => {
  const app = document.getElementById('app');
  if (app) app.textContent = 'JXC 进销存';
});
