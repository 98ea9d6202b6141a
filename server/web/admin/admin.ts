document.getElementById('app')!.textContent = 'JXC';
