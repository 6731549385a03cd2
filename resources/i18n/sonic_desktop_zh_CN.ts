<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../sonic_desktop/gui/dialogs/about.py" line="+47"/>
        <source>Apache License 2.0</source>
        <translation>Apache 许可证 2.0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This application.</source>
        <translation>本应用程序。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CC BY-NC-SA 4.0 (non-commercial)</source>
        <translation>CC BY-NC-SA 4.0（非商业）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Sonic model weights are downloaded separately and may be used for non-commercial purposes only; share what you make from them under the same licence and credit the authors.</source>
        <translation>Sonic 模型权重需单独下载，仅限非商业用途；用其制作的作品须以相同许可共享，并注明原作者。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stability AI Community License</source>
        <translation>Stability AI 社区许可证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloaded separately with the Sonic weights. Commercial use by organisations above the licence&apos;s revenue threshold needs a licence from Stability AI.</source>
        <translation>随 Sonic 权重单独下载。年收入超过该许可规定门槛的机构用于商业用途时，须向 Stability AI 取得许可。</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+8"/>
        <source>MIT License</source>
        <translation>MIT 许可证</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>OpenAI&apos;s speech model (whisper-tiny), used for audio features.</source>
        <translation>OpenAI 的语音模型（whisper-tiny），用于提取音频特征。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Frame interpolation model, downloaded with the Sonic weights.</source>
        <translation>插帧模型，随 Sonic 权重一同下载。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>GNU LGPL v3</source>
        <translation>GNU LGPL v3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Qt libraries ship unmodified as separate shared libraries, so you may replace them with your own build. Qt source code is available from qt.io.</source>
        <translation>Qt 库以未经修改的独立共享库形式随附，您可以用自己编译的版本替换它们。Qt 源代码可从 qt.io 获取。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Boost Software License 1.0</source>
        <translation>Boost 软件许可证 1.0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Face detection and landmark fitting.</source>
        <translation>人脸检测与关键点拟合。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>iBUG 300-W dataset terms (non-commercial)</source>
        <translation>iBUG 300-W 数据集条款（非商业）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shape_predictor_68_face_landmarks.dat (from face_recognition_models) was trained on the iBUG 300-W dataset, whose licence excludes commercial use. Commercial users need permission from the dataset&apos;s owners.</source>
        <translation>shape_predictor_68_face_landmarks.dat（来自 face_recognition_models）基于 iBUG 300-W 数据集训练，该数据集的许可不允许商业使用。商业用户须获得数据集所有者的许可。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>GNU LGPL 2.1+ / GPL</source>
        <translation>GNU LGPL 2.1+ / GPL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The ffmpeg program shipped by imageio-ffmpeg runs as a separate process. Its builds include GPL parts such as libx264, which makes them GPL; `ffmpeg -version` prints the configuration. Source code is available from ffmpeg.org.</source>
        <translation>由 imageio-ffmpeg 提供的 ffmpeg 程序作为独立进程运行。其构建包含 libx264 等 GPL 组件，因此整体适用 GPL；`ffmpeg -version` 会显示其编译配置。源代码可从 ffmpeg.org 获取。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>BSD / Apache 2.0 / MIT-style licences</source>
        <translation>BSD / Apache 2.0 / MIT 类许可证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each package&apos;s licence file ships beside it in its package metadata.</source>
        <translation>各软件包的许可证文件随其软件包元数据一同提供。</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>About Sonic Desktop</source>
        <translation>关于 Sonic Desktop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version {version}</source>
        <translation>版本 {version}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One portrait and one speech recording in, a lip-synced video out.</source>
        <translation>输入一张人像和一段语音，输出口型同步的视频。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Python {python} · Qt {qt} · PySide6 {pyside} · {kind}</source>
        <translation>Python {python} · Qt {qt} · PySide6 {pyside} · {kind}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>installed bundle</source>
        <translation>安装版</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Python</source>
        <translation>Python 环境</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Licences</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The licence of every component; links open in a browser</source>
        <translation>每个组件的许可证；链接在浏览器中打开</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close this window</source>
        <translation>关闭此窗口</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <location filename="../../sonic_desktop/gui/app_context.py" line="+74"/>
        <source>The saved queue could not be read ({reason}): {path}. It is left as it is and will not be saved over.</source>
        <translation>无法读取已保存的队列（{reason}）：{path}。该文件保持原样，不会被覆盖。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The saved queue was damaged and has been moved to {path}.</source>
        <translation>已保存的队列已损坏，已移至 {path}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The saved queue {path} is damaged and could not be moved aside; it will not be saved over.</source>
        <translation>已保存的队列 {path} 已损坏且无法移开；它不会被覆盖。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The original queue file was kept as {path}.</source>
        <translation>原队列文件已保留为 {path}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The queue file could not be backed up ({reason}), so it will not be saved over.</source>
        <translation>无法备份队列文件（{reason}），因此不会覆盖它。</translation>
    </message>
</context>
<context>
    <name>AudioCard</name>
    <message>
        <location filename="../../sonic_desktop/gui/inputs/audio_card.py" line="+141"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Listen to the speech recording</source>
        <translation>试听语音录音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop playing the recording</source>
        <translation>停止播放录音</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>mono</source>
        <translation>单声道</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>stereo</source>
        <translation>立体声</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} channels</source>
        <translation>{n} 声道</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{rate:g} kHz</source>
        <translation>{rate:g} kHz</translation>
    </message>
</context>
<context>
    <name>CompletionReporter</name>
    <message>
        <location filename="../../sonic_desktop/gui/shell/completion.py" line="+68"/>
        <location line="+42"/>
        <source>Sonic Desktop</source>
        <extracomment>every notification sent, newest last (title, message): the tray shows them</extracomment>
        <translation>Sonic Desktop</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>{percent}% · {title}</source>
        <translation>{percent}% · {title}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A render failed</source>
        <translation>有一个渲染失败了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: {message}</source>
        <translation>{name}：{message}</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <location line="+3"/>
        <source>%n video(s) finished</source>
        <translation>
            <numerusform>已完成 %n 个视频</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-3"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n 个失败</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The render queue is done</source>
        <translation>渲染队列已全部完成</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <location filename="../../sonic_desktop/gui/common/widgets.py" line="+135"/>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{m} min {s} s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{h} h {m:02d} min</source>
        <translation>{h} 小时 {m:02d} 分</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../sonic_desktop/gui/shell/_settings_strings.py" line="+77"/>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some settings are invalid</source>
        <translation>部分设置无效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fix the listed values or reset them to their defaults.</source>
        <translation>请修正列出的数值，或将其恢复为默认值。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The photo cannot be read</source>
        <translation>无法读取照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a JPG, PNG, WebP, BMP or TIFF photo that opens in an image viewer.</source>
        <translation>请使用能在看图软件中打开的 JPG、PNG、WebP、BMP 或 TIFF 照片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No face was found in the photo</source>
        <translation>照片中未找到人脸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a photo with one clearly visible, front-facing face, or draw the face box by hand.</source>
        <translation>请使用有一张清晰正脸的照片，或手动绘制人脸框。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The face in the photo is too small</source>
        <translation>照片中的人脸太小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a larger or closer-cropped picture (the face should be at least 64 px across).</source>
        <translation>请使用更大或裁得更近的图片（人脸宽度至少 64 像素）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The audio cannot be read</source>
        <translation>无法读取音频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a WAV, MP3, M4A/AAC, FLAC or OGG/Opus file, or a video with an audio track.</source>
        <translation>请使用 WAV、MP3、M4A/AAC、FLAC 或 OGG/Opus 文件，或带音轨的视频。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The audio is silent</source>
        <translation>音频没有声音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick a recording that contains speech, or check that the microphone was on.</source>
        <translation>请选择含有语音的录音，或检查录音时麦克风是否打开。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The audio is too short</source>
        <translation>音频太短</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a speech recording of at least 0.1 seconds.</source>
        <translation>请使用至少 0.1 秒的语音录音。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The output file cannot be written</source>
        <translation>无法写入输出文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose an output folder you can write to, with free disk space.</source>
        <translation>请选择有写入权限且磁盘空间充足的输出文件夹。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The output would overwrite an input</source>
        <translation>输出会覆盖输入文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a different output file name; inputs are never overwritten.</source>
        <translation>请换一个输出文件名；输入文件永远不会被覆盖。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Free some disk space or choose an output folder on another drive.</source>
        <translation>请释放磁盘空间，或选择另一块磁盘上的输出文件夹。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video encoding failed</source>
        <translation>视频编码失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the log file for the encoder&apos;s message; try another output folder.</source>
        <translation>请在日志文件中查看编码器的信息；可尝试换一个输出文件夹。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The video cannot be read</source>
        <translation>无法读取视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check that the file plays in a video player.</source>
        <translation>请确认该文件能在视频播放器中播放。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sonic weights are missing or damaged</source>
        <translation>Sonic 权重缺失或已损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open Models to locate or download the Sonic weights, or use the Preview (CPU) engine.</source>
        <translation>请打开“模型”定位或下载 Sonic 权重，或改用“预览 (CPU)”引擎。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A weights file needs your trust</source>
        <translation>有一个权重文件需要您确认信任</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirm that you trust this file in Models, or replace it with a .safetensors file.</source>
        <translation>请在“模型”中确认信任该文件，或将其换成 .safetensors 文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of GPU memory</source>
        <translation>显存不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lower min_resolution or choose a lower memory tier, then render again.</source>
        <translation>请降低分辨率或选择更省显存的档位，然后重新渲染。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The engine is not available</source>
        <translation>引擎不可用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose another engine, or run `sonic-desktop doctor` to see what is missing.</source>
        <translation>请选择其他引擎，或运行 `sonic-desktop doctor` 查看缺少什么。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The download server cannot be reached</source>
        <translation>无法连接到下载服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the internet connection, or use weights already on disk (Models, Locate folder…).</source>
        <translation>请检查网络连接，或使用磁盘上已有的权重（模型 ▸ 指定文件夹…）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The window cannot start</source>
        <translation>窗口无法启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install what is missing, then start Sonic Desktop again.</source>
        <translation>安装缺少的组件，然后重新启动 Sonic Desktop。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The preset cannot be used</source>
        <translation>无法使用该预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose another name, or pick the preset from the list.</source>
        <translation>请换一个名称，或从列表中选择预设。</translation>
    </message>
    <message>
        <location filename="../../sonic_desktop/gui/common/error_text.py" line="+31"/>
        <source>Open the log folder from the Help menu and report the problem.</source>
        <translation>请从“帮助”菜单打开日志文件夹，并报告此问题。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unexpected failure</source>
        <translation>意外故障</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{title}. {hint}</source>
        <translation>{title}。{hint}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{summary} (details: {english})</source>
        <translation>{summary}（详情：{english}）</translation>
    </message>
</context>
<context>
    <name>HandoffHandler</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/instance/handoff.py" line="+176"/>
        <source>Added %n job(s) from another launch of Sonic Desktop.</source>
        <translation>
            <numerusform>已从另一次启动的 Sonic Desktop 添加 %n 个任务。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HardwareBanner</name>
    <message>
        <location filename="../../sonic_desktop/gui/shell/hardware_banner.py" line="+83"/>
        <source>Checking the graphics card…</source>
        <translation>正在检测显卡…</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Add to queue</source>
        <extracomment>measured throughput (pass the queue controller&apos;s, so both show one figure)</extracomment>
        <translation>加入队列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queue a render of this portrait and recording with these settings (Ctrl+Enter)</source>
        <translation>用当前设置将此人像和录音加入渲染队列（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set the suggested resolution, steps and memory use for this graphics card</source>
        <translation>为这张显卡设置建议的分辨率、步数和显存用法</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No CUDA GPU</source>
        <translation>未检测到 CUDA 显卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Renders use the preview engine on the CPU.</source>
        <translation>将使用 CPU 上的预览引擎渲染。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} · {total:.0f} GB ({free:.1f} GB free)</source>
        <translation>{name} · {total:.0f} GB（可用 {free:.1f} GB）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Suggested: the {engine} engine</source>
        <translation>建议：使用{engine}引擎</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Suggested: {res} px · {steps} steps · {memory}</source>
        <translation>建议：{res} px · {steps} 步 · {memory}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Applied</source>
        <translation>已应用</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add a portrait and a recording to see an estimate</source>
        <translation>添加人像和录音后显示预估</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>Measured on this machine over %n render(s) with these settings</source>
        <translation>
            <numerusform>根据本机以此设置完成的 %n 次渲染实测</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Estimated from the hardware; it is measured after the first render</source>
        <translation>根据硬件估算；首次渲染完成后改为实测</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>≈ {time} on the CPU</source>
        <translation>约 {time}（CPU）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>≈ {time} · needs {peak:.1f} GB, only {free:.1f} GB free</source>
        <translation>约 {time} · 需要 {peak:.1f} GB 显存，仅剩 {free:.1f} GB</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>≈ {time} · peak {peak:.1f} GB of {free:.1f} GB free</source>
        <translation>约 {time} · 峰值 {peak:.1f} GB / 可用 {free:.1f} GB</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../sonic_desktop/gui/inspector/field_editors.py" line="+66"/>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../sonic_desktop/gui/inspector/panel.py" line="+58"/>
        <source>Default: {value}</source>
        <translation>默认值：{value}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ignored by the preview engine.</source>
        <translation>预览引擎会忽略此项。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Apply this fix to the settings; Undo (Ctrl+Z) reverts it.</source>
        <translation>将此修正应用到设置；撤销（Ctrl+Z）可还原。</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show or hide the {group} settings</source>
        <translation>显示或隐藏“{group}”设置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reset {setting} to its default ({value})</source>
        <translation>将“{setting}”恢复为默认值（{value}）</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Applied only with Lip-sync calibration on.</source>
        <translation>仅在开启“口型同步校准”时生效。</translation>
    </message>
</context>
<context>
    <name>JobDetails</name>
    <message>
        <location filename="../../sonic_desktop/gui/queue/details.py" line="+118"/>
        <source>Job details</source>
        <translation>任务详情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy as command</source>
        <translation>复制为命令</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the sonic-desktop render command that makes this video</source>
        <translation>复制生成此视频的 sonic-desktop render 命令</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the folder of the output video</source>
        <translation>打开输出视频所在的文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything about this job; select text to copy it</source>
        <translation>此任务的全部信息；选中文字即可复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The log lines this job wrote</source>
        <translation>此任务写下的日志行</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Notices</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portrait</source>
        <translation>人像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Took</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Face box</source>
        <translation>人脸框</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Reading the log…</source>
        <translation>正在读取日志…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No log lines for this job in {path}.</source>
        <translation>{path} 中没有此任务的日志行。</translation>
    </message>
</context>
<context>
    <name>JobState</name>
    <message>
        <location filename="../../sonic_desktop/gui/queue/delegate.py" line="+37"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rendering</source>
        <translation>渲染中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../sonic_desktop/gui/shell/main_window.py" line="+176"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Result</source>
        <translation>成片</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Top bar</source>
        <translation>顶部栏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inputs</source>
        <translation>素材</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline</source>
        <translation>时间轴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Render queue</source>
        <translation>渲染队列</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Add a portrait photo and a speech recording first.</source>
        <translation>请先添加一张人像照片和一段语音。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Mark the face with Draw face box first.</source>
        <translation>请先用“手动框选人脸”标出人脸。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Queued {name}</source>
        <translation>已加入队列：{name}</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Added %n job(s) to the queue.</source>
        <translation>
            <numerusform>已将 %n 个任务加入队列。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No partner found by name for: {names}</source>
        <translation>以下文件未能按文件名配对：{names}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Skipped files that are neither pictures nor audio: {names}</source>
        <translation>已跳过既不是图片也不是音频的文件：{names}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Settings loaded from the job</source>
        <translation>已从任务载入设置</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Finished {name}</source>
        <translation>已完成：{name}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A job failed: {message}</source>
        <translation>有任务失败：{message}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Settings updated; add the job to the queue again</source>
        <translation>设置已更新，请重新加入队列</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>The saved layout did not fit this screen, so the default one is used.</source>
        <translation>保存的布局放不下此屏幕，已改用默认布局。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Preferences could not be saved ({reason}).</source>
        <translation>无法保存偏好设置（{reason}）。</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>A render is running</source>
        <translation>正在渲染</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit and cancel the render in progress? It can be retried later.</source>
        <translation>要退出并取消正在进行的渲染吗？之后可以重试。</translation>
    </message>
</context>
<context>
    <name>MediaPanel</name>
    <message>
        <location filename="../../sonic_desktop/gui/inputs/media_panel.py" line="+132"/>
        <source>Portrait</source>
        <translation>人像</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+11"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Choose the portrait photo to animate</source>
        <translation>选择要驱动的人像照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw face box</source>
        <translation>手动框选人脸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drag a box around the face when detection misses it or picks the wrong one</source>
        <translation>未检测到人脸或选错人脸时，拖动鼠标框出人脸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use detected face</source>
        <translation>使用检测到的人脸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forget the hand-drawn box and animate the detected face again</source>
        <translation>放弃手动框选，重新使用检测到的人脸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the speech recording (audio, or a video with a soundtrack)</source>
        <translation>选择语音录音（音频，或带音轨的视频）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Choose a portrait photo</source>
        <translation>选择人像照片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pictures</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+11"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Choose a speech recording</source>
        <translation>选择语音录音</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Audio and video</source>
        <translation>音频和视频</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{name} is a picture, so it was taken as the portrait.</source>
        <translation>{name} 是图片，已作为人像载入。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{name} is a recording, so it was taken as the speech.</source>
        <translation>{name} 是录音，已作为语音载入。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No face was found in this photo. Use Draw face box to mark it by hand.</source>
        <translation>这张照片中未检测到人脸。请用“手动框选人脸”标出人脸。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>face box drawn by hand</source>
        <translation>手动框选的人脸</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n face(s) found; animating the largest ({w}×{h} px). Click another face to switch.</source>
        <translation>
            <numerusform>找到 %n 张人脸；正在驱动最大的一张（{w}×{h} px）。点击其他人脸可切换。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n face(s) found; animating the one you picked ({w}×{h} px).</source>
        <translation>
            <numerusform>找到 %n 张人脸；正在驱动您选中的那张（{w}×{h} px）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This face is only {face} px across, so the {side} px area around it is enlarged {factor:.1f}× to {res} px and will look soft. Use a larger photo, or lower the resolution.</source>
        <translation>这张人脸只有 {face} px 宽，其周围 {side} px 的区域会放大 {factor:.1f} 倍到 {res} px，画面会发虚。请换一张更大的照片，或降低分辨率。</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>face {w}×{h} px</source>
        <translation>人脸 {w}×{h} px</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <location filename="../../sonic_desktop/gui/dialogs/models.py" line="+198"/>
        <source>Models</source>
        <extracomment>At most this many imports are listed in the trust question; the rest are counted.</extracomment>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Checking the weights…</source>
        <translation>正在检查权重文件…</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>The Sonic model weights are licensed &lt;b&gt;CC BY-NC-SA 4.0&lt;/b&gt;: non-commercial use only, with attribution, and adaptations shared under the same licence. Stable Video Diffusion and Whisper have their own licences; read them before use. &lt;a href=&quot;{url}&quot;&gt;Licence text&lt;/a&gt;</source>
        <translation>Sonic 模型权重采用 &lt;b&gt;CC BY-NC-SA 4.0&lt;/b&gt; 许可：仅限非商业用途，须署名，改编作品须以相同许可共享。Stable Video Diffusion 和 Whisper 另有各自的许可，使用前请阅读。&lt;a href=&quot;{url}&quot;&gt;许可全文&lt;/a&gt;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every weights file Sonic needs; select a pickle file to trust it</source>
        <translation>Sonic 需要的全部权重文件；选中 pickle 文件即可信任它</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Locate folder…</source>
        <translation>指定文件夹…</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>A folder with the official checkpoints layout, or ComfyUI&apos;s models/sonic</source>
        <translation>官方 checkpoints 目录结构的文件夹，或 ComfyUI 的 models/sonic</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Trust selected file…</source>
        <translation>信任所选文件…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>List what loading the selected file would import, then decide whether to trust it</source>
        <translation>列出加载所选文件会导入的内容，再决定是否信任</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Revoke trust</source>
        <translation>撤销信任</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forget that you trusted the selected file: loading it is refused again</source>
        <translation>忘记对所选文件的信任：再次加载时将被拒绝</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download missing files</source>
        <translation>下载缺失文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the download; started files resume where they stopped</source>
        <translation>停止下载；已开始的文件下次从中断处继续</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close this window; a running download is cancelled</source>
        <translation>关闭此窗口；正在进行的下载会被取消</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Sonic engine not installed in this build.</source>
        <translation>此版本未安装 Sonic 引擎。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All Sonic weights were found.</source>
        <translation>已找到全部 Sonic 权重文件。</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n needed file(s) is/are missing or damaged.</source>
        <translation>
            <numerusform>有 %n 个必需文件缺失或已损坏。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Download the missing files from Hugging Face, with progress and cancel</source>
        <translation>从 Hugging Face 下载缺失的文件，可查看进度并取消</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The Sonic engine is ready.</source>
        <translation>Sonic 引擎已就绪。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The Sonic engine cannot run yet: frame interpolation&apos;s weights file is missing or damaged. Renders use the preview engine.</source>
        <translation>Sonic 引擎暂时无法运行：插帧模型的权重文件缺失或已损坏。渲染将使用预览引擎。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The Sonic engine cannot run yet: these Python packages are missing: {names}. Renders use the preview engine.</source>
        <translation>Sonic 引擎暂时无法运行：缺少这些 Python 包：{names}。渲染将使用预览引擎。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The Sonic engine is not included in this build. Renders use the preview engine.</source>
        <translation>此版本不包含 Sonic 引擎。渲染将使用预览引擎。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The Sonic engine cannot run yet: {reason}. Renders use the preview engine.</source>
        <translation>Sonic 引擎暂时无法运行：{reason}。渲染将使用预览引擎。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown reason</source>
        <translation>原因未知</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Present</source>
        <translation>已找到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong size</source>
        <translation>大小不符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>trusted</source>
        <translation>已信任</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>needs trust</source>
        <translation>需要信任</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Downloading is not available in this build: download the weights yourself and use Locate folder.</source>
        <translation>此版本不支持下载：请自行下载权重文件，然后使用“指定文件夹”。</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>The Sonic engine cannot run yet: %n needed weights file(s) is/are missing or damaged (see the list). Renders use the preview engine.</source>
        <translation>
            <numerusform>Sonic 引擎暂时无法运行：有 %n 个必需的权重文件缺失或已损坏（见列表）。渲染将使用预览引擎。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Folder with the Sonic weights</source>
        <translation>Sonic 权重所在文件夹</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Reading what {name} would import…</source>
        <translation>正在读取 {name} 会导入的内容…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>It is a TorchScript program: loading it runs the code inside it.</source>
        <translation>这是一个 TorchScript 程序：加载它会运行其中的代码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unpickling it imports nothing: it holds plain values only.</source>
        <translation>反序列化它不会导入任何内容：其中只有普通数值。</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Unpickling it would import the names below. Not on the allow-list of names that only build data: %n. Loading the file would call those with arguments chosen by whoever made it.</source>
        <translation>
            <numerusform>反序列化它会导入下列名称。其中不在“仅构建数据”允许列表中的有 %n 个。加载该文件会以文件制作者选定的参数调用它们。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Unpickling it would import the names below, all on the allow-list of names that only build data.</source>
        <translation>反序列化它会导入下列名称，全部在“仅构建数据”的允许列表中。</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>…and %n more</source>
        <translation>
            <numerusform>…另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Trust this file?</source>
        <translation>信任此文件？</translation>
    </message>
    <message>
        <location line="+148"/>
        <source>The download server cannot be reached. Check the internet connection, or use Locate folder… to pick weights already on disk.</source>
        <translation>无法连接到下载服务器。请检查网络连接，或使用“指定文件夹…”选择磁盘上已有的权重。</translation>
    </message>
    <message>
        <location line="-187"/>
        <source>{name} is a {kind} file. Loading it can run code on this computer. Trust it only if it comes from the official Sonic release you downloaded yourself. A pickle is converted to safetensors once and never unpickled again.</source>
        <translation>{name} 是 {kind} 文件，加载它可能在本机执行代码。只有当它来自你亲自下载的 Sonic 官方发布版本时才应信任。pickle 文件只会转换一次为 safetensors，之后不再反序列化。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>an import computed while loading</source>
        <translation>加载时才计算出的导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>copyreg extension code {code}</source>
        <translation>copyreg 扩展代码 {code}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pickled data that could not be analysed</source>
        <translation>无法分析的 pickle 数据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>not on the allow-list</source>
        <translation>不在允许列表中</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking {name}…</source>
        <translation>正在校验 {name}…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{name} is now trusted.</source>
        <translation>已信任 {name}。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Revoking trust in {name}…</source>
        <translation>正在撤销对 {name} 的信任…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Trust in {name} was revoked: loading it is refused again.</source>
        <translation>已撤销对 {name} 的信任：再次加载时将被拒绝。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} was not trusted.</source>
        <translation>{name} 未被信任。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{name}: {done} of {total}</source>
        <translation>{name}：{done} / {total}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}: {done} of {total} · {speed}/s</source>
        <translation>{name}：{done} / {total} · {speed}/秒</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Download finished.</source>
        <translation>下载完成。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download cancelled. Started files resume where they stopped.</source>
        <translation>下载已取消。已开始的文件下次会从中断处继续。</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <location filename="../../sonic_desktop/gui/common/widgets.py" line="-53"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <location filename="../../sonic_desktop/gui/result/notices.py" line="+22"/>
        <source>{w}×{h} px at x={x}, y={y}</source>
        <translation>{w}×{h} px，位于 x={x}, y={y}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Rendered with Preview (CPU) because no usable Sonic weights were found (Models says what is missing). This is a draft, not the Sonic model.</source>
        <translation>由于没有找到可用的 Sonic 权重，本片由预览引擎（CPU）渲染（“模型”窗口会说明缺少什么）。这只是草稿，并非 Sonic 模型的效果。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Found {n} faces; used the largest ({box}).</source>
        <translation>找到 {n} 张人脸；使用了最大的一张（{box}）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Duration {requested} s is longer than the audio; rendered all {audio} s.</source>
        <translation>时长 {requested} 秒超过音频长度；已渲染全部 {audio} 秒。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Precision {precision} is for GPUs; the CPU ran in fp32.</source>
        <translation>精度 {precision} 仅用于 GPU；CPU 以 fp32 运行。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This GPU has no bf16 support; fp16 was used.</source>
        <translation>此 GPU 不支持 bf16；已改用 fp16。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Random seed {seed} was used; set it as the seed to render the same video again.</source>
        <translation>使用了随机种子 {seed}；将它设为种子即可再次渲染出相同的视频。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The dlib face detector was used: {reason}.</source>
        <translation>使用了 dlib 人脸检测器：{reason}。</translation>
    </message>
</context>
<context>
    <name>PortraitView</name>
    <message>
        <location filename="../../sonic_desktop/gui/inputs/portrait_view.py" line="+66"/>
        <source>The portrait photo: drop a picture here or click to choose one. With several faces, click the one to animate.</source>
        <translation>人像照片：将图片拖到这里或点击选择。有多张人脸时，点击要驱动的那张。</translation>
    </message>
    <message>
        <location line="+92"/>
        <location line="+20"/>
        <source>Finding the face…</source>
        <translation>正在查找人脸…</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Drag a box around the face</source>
        <translation>拖动鼠标框出人脸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a face to animate it</source>
        <translation>点击要驱动的人脸</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Drop a portrait photo here
or click to choose one</source>
        <translation>将人像照片拖到这里
或点击选择</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <location filename="../../sonic_desktop/gui/shell/_settings_strings.py" line="-51"/>
        <source>News / government broadcast</source>
        <translation>新闻播报 / 政务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calm, steady delivery with a tight face crop.</source>
        <translation>沉稳的播报风格，人脸裁剪较紧。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-commerce livestream</source>
        <translation>电商直播 / 带货</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Livelier expression and head motion for selling on camera.</source>
        <translation>表情和头部动作更生动，适合直播带货。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kids education / cartoon</source>
        <translation>儿童教育 / 动画角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expressive mouth and motion for children&apos;s content and cartoon characters.</source>
        <translation>口型和动作更夸张，适合儿童内容和卡通角色。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>20 steps: the floor for quick previews and mobile.</source>
        <translation>20 步：快速预览和移动端的最低要求。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>25 steps: the best balance of quality and time.</source>
        <translation>25 步：质量与耗时的最佳平衡。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release</source>
        <translation>发布</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>30 steps: for brand or course videos.</source>
        <translation>30 步：适合品牌或课程视频。</translation>
    </message>
</context>
<context>
    <name>PresetsBar</name>
    <message>
        <location filename="../../sonic_desktop/gui/inspector/presets_bar.py" line="+83"/>
        <source>Scenario presets and quality tiers; your own presets last</source>
        <translation>场景预设和质量档位；你自己的预设在最后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save, rename or delete your presets</source>
        <translation>保存、重命名或删除你的预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save current settings as preset…</source>
        <translation>将当前设置保存为预设…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename preset…</source>
        <translation>重命名预设…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Custom settings</source>
        <translation>自定义设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scenarios</source>
        <translation>场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My presets</source>
        <translation>我的预设</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Preset name:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Rename preset</source>
        <translation>重命名预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
</context>
<context>
    <name>PreviewCanvas</name>
    <message>
        <location filename="../../sonic_desktop/gui/timeline/preview_canvas.py" line="+51"/>
        <source>Pick face</source>
        <translation>选择人脸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the whole photo with every face found, and click the one to animate</source>
        <translation>显示整张照片及找到的每张人脸，点击要驱动的那张</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>Click a face to animate it</source>
        <translation>点击一张人脸来驱动它</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Drop a portrait photo and a speech recording anywhere in the window.
The preview appears here; scrub the timeline below to check the lips.</source>
        <translation>把人像照片和语音录音拖到窗口任意位置。
预览会显示在这里；拖动下方时间轴即可检查口型。</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Preview (CPU) · draft</source>
        <translation>预览（CPU）· 草稿</translation>
    </message>
</context>
<context>
    <name>Queue</name>
    <message>
        <location filename="../../sonic_desktop/gui/queue/delegate.py" line="+42"/>
        <source>{n} steps</source>
        <translation>{n} 步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>expression {v:g}</source>
        <translation>表情 {v:g}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>head {v:g}</source>
        <translation>头部 {v:g}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>offset {ms:+.0f} ms</source>
        <translation>偏移 {ms:+.0f} ms</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>seed {n}</source>
        <translation>种子 {n}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>about {time} left</source>
        <translation>剩余约 {time}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>rendered in {time}</source>
        <translation>用时 {time}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The video is no longer at {path}</source>
        <translation>视频已不在 {path}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sonic Desktop closed while this job was rendering; retry to resume</source>
        <translation>渲染时 Sonic Desktop 被关闭；重试即可继续</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>→ {path}</source>
        <translation>→ {path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>about {time}</source>
        <translation>约 {time}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
</context>
<context>
    <name>QueueController</name>
    <message>
        <location filename="../../sonic_desktop/gui/queue/controller.py" line="+53"/>
        <source>its file could not be read or backed up, so it is left unchanged</source>
        <extracomment>the error kind of a job refused because an old queue file gave it a relative path</extracomment>
        <translation>其文件无法读取或备份，因此保持不变</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path} is in the way of its folder</source>
        <translation>{path} 占用了其文件夹的位置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the folder {folder} cannot be written to</source>
        <translation>文件夹 {folder} 不可写入</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The queue could not be saved: {reason}. Jobs stay listed until you quit.</source>
        <translation>无法保存队列：{reason}。任务会一直列出，直到你退出。</translation>
    </message>
    <message>
        <location line="+202"/>
        <source>The folder {wanted} cannot be written to ({reason}), so {name} goes to {used} instead. Choose another output folder in Settings.</source>
        <extracomment>the started queue ran out of jobs after running some: succeeded, failed (not cancelled) the running batch&apos;s overall fraction done, 0..1; -1.0 when nothing runs (title, taskbar) a job&apos;s output folder could not be written to; it goes elsewhere (one translated line) the time estimates changed (an audio length became known, a render finished) outcome of every job this session ran (job id -&gt; succeeded) queue edits (remove, reorder) go here; AppContext shares the session&apos;s stack jobs run since the queue last went idle: job id -&gt; succeeded (for queue_finished) what the machine can do; the window sets it once probed (see `set_hardware`) measured throughput of finished renders: the one estimator&apos;s calibration audio lengths, probed off the UI thread, for estimates</extracomment>
        <translation>无法写入文件夹 {wanted}（{reason}），因此 {name} 改存到 {used}。请在“设置”中另选输出文件夹。</translation>
    </message>
    <message>
        <location line="+163"/>
        <source>This job was saved with the relative path {path}, which cannot be located; add its files to the queue again.</source>
        <translation>此任务以相对路径 {path} 保存，无法定位；请重新将其文件添加到队列。</translation>
    </message>
</context>
<context>
    <name>QueueEdit</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/edits.py" line="+34"/>
        <source>Remove %n job(s)</source>
        <translation>
            <numerusform>移除 %n 个任务</numerusform>
        </translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Reorder the queue</source>
        <translation>调整队列顺序</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../sonic_desktop/gui/queue/model.py" line="+77"/>
        <source>Portrait: {path}</source>
        <translation>人像：{path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speech: {path}</source>
        <translation>语音：{path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output: {path}</source>
        <translation>输出：{path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Double-click for the result; right-click for more.</source>
        <translation>双击查看成片；右键查看更多操作。</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location filename="../../sonic_desktop/gui/queue/view.py" line="+190"/>
        <source>Clear finished</source>
        <extracomment>the places `QueueView.move_selected` takes, with their shortcuts</extracomment>
        <translation>清除已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the finished jobs from the list (undoable)</source>
        <translation>从列表中移除已完成的任务（可撤销）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the interrupted jobs back in the queue and start it</source>
        <translation>将中断的任务放回队列并开始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hide this message</source>
        <translation>隐藏此消息</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No jobs yet. Add the current inputs with “Add to queue”, or drop files here.</source>
        <translation>还没有任务。点击“加入队列”添加当前素材，或把文件拖到这里。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Drag rows to reorder; drop photos and recordings to queue them. Double-click a finished job to see it; right-click for more.</source>
        <translation>拖动行可调整顺序；拖入照片和录音即可加入队列。双击已完成的任务查看成片；右键查看更多操作。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Remove the selected jobs (Delete)</source>
        <translation>移除所选任务（Delete）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+85"/>
        <source>Move to top</source>
        <translation>移到最前</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>Render the selected jobs first</source>
        <translation>最先渲染所选任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+86"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Move the selected jobs one place up</source>
        <translation>将所选任务上移一位</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+86"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Move the selected jobs one place down</source>
        <translation>将所选任务下移一位</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+87"/>
        <source>Move to bottom</source>
        <translation>移到最后</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Render the selected jobs last</source>
        <translation>最后渲染所选任务</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duplicate with the same settings</source>
        <translation>以相同设置复制</translation>
    </message>
    <message numerus="yes">
        <location line="+91"/>
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n waiting</source>
        <translation>
            <numerusform>%n 个等待中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n done</source>
        <translation>
            <numerusform>%n 个已完成</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>About {time} for %n job(s)</source>
        <translation>
            <numerusform>%n 个任务约需 {time}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>(%n without an estimate yet)</source>
        <translation>
            <numerusform>（%n 个尚无预估）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From the throughput measured on this machine once a render has finished with the same settings; until then, from the hardware estimate</source>
        <translation>以相同设置完成一次渲染后，按本机实测的速度计算；在此之前按硬件估算</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>%n job(s) was/were interrupted when Sonic Desktop closed.</source>
        <translation>
            <numerusform>Sonic Desktop 关闭时有 %n 个任务被中断。</numerusform>
        </translation>
    </message>
    <message>
        <location line="-211"/>
        <location line="+84"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open the video</source>
        <translation>打开视频</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy as command</source>
        <translation>复制为命令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load its settings into the inspector</source>
        <translation>将其设置载入参数面板</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Pause queue</source>
        <translation>暂停队列</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start queue</source>
        <translation>开始队列</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The render in progress finishes; the next one waits</source>
        <translation>当前渲染会完成，下一个任务将等待</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing is waiting; jobs you add now start at once</source>
        <translation>没有等待中的任务；现在添加的任务会立即开始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Render the waiting jobs one after another</source>
        <translation>依次渲染等待中的任务</translation>
    </message>
</context>
<context>
    <name>RenderSettings</name>
    <message>
        <location filename="../../sonic_desktop/gui/shell/_settings_strings.py" line="-65"/>
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Face</source>
        <translation>人脸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Motion</source>
        <translation>动作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync &amp; post-processing</source>
        <translation>同步与后期处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which renderer to use: auto picks Sonic when its weights are installed and usable, otherwise the CPU preview engine.</source>
        <translation>使用哪个渲染器：自动模式在 Sonic 权重已安装且可用时选择 Sonic，否则使用 CPU 预览引擎。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denoising steps, 1-100: more steps give finer detail and take proportionally longer; 20-30 is the useful range.</source>
        <translation>去噪步数，1-100：步数越多细节越好，耗时也成比例增加；20-30 是常用范围。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Short side of the generated frames in pixels, 128-2048 in steps of 64; time and memory grow with its square.</source>
        <translation>生成画面的短边像素数，128-2048，步长 64；耗时和显存随其平方增长。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random seed, 0 to 4294967295, or random; the same seed and settings give the same video on the same device.</source>
        <translation>随机种子，0 到 4294967295，或随机；在同一设备上，相同的种子和设置会得到相同的视频。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crop to face</source>
        <translation>裁剪到人脸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Animate a square crop around the face rather than the whole picture.</source>
        <translation>驱动人脸周围的方形裁剪区域，而不是整张图片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Face margin</source>
        <translation>人脸边距</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How far the face box is grown on each side before the square crop, 0.0-1.0; below 0.15 the chin may be cut off.</source>
        <translation>方形裁剪前人脸框向四周扩展的比例，0.0-1.0；低于 0.15 时下巴可能被裁掉。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expression strength</source>
        <translation>表情强度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Strength of mouth and expression motion, 0.5-2.0; above 1.2 the mouth may look exaggerated.</source>
        <translation>嘴部和表情动作的强度，0.5-2.0；高于 1.2 时嘴型可能显得夸张。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head motion</source>
        <translation>头部动作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head and overall facial motion relative to the expression strength, 0.5-2.0; above 1.1 it may twitch in pauses.</source>
        <translation>头部及整体面部动作相对于表情强度的比例，0.5-2.0；高于 1.1 时停顿处可能抖动。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lip-sync calibration</source>
        <translation>口型同步校准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply the lip-sync offset (alignment_offset_sec) to the motion.</source>
        <translation>将口型同步偏移（alignment_offset_sec）应用到动作上。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lip-sync offset</source>
        <translation>口型同步偏移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio-to-motion offset, -0.5 to +0.5 s; positive makes the mouth move earlier than the sound, and the soundtrack itself is never shifted.</source>
        <translation>音频与动作之间的偏移，-0.5 到 +0.5 秒；正值使嘴部动作早于声音，音轨本身不会移动。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frame interpolation</source>
        <translation>插帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Double the frame rate from 12.5 to 25 fps with RIFE; the preview engine renders 25 fps natively.</source>
        <translation>用 RIFE 将帧率从 12.5 提高到 25 fps；预览引擎原生渲染 25 fps。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporal smoothing</source>
        <translation>时域平滑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>De-flicker and smooth the motion after generation.</source>
        <translation>生成后去闪烁并平滑动作。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seconds of audio to render, from 0.1 s up to the audio length, or auto for the whole recording.</source>
        <translation>要渲染的音频秒数，从 0.1 秒到音频长度，或选自动以渲染整段录音。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep picture size</source>
        <translation>保持图片尺寸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scale the output video to the source picture&apos;s size instead of the generated size.</source>
        <translation>将输出视频缩放到原图尺寸，而不是生成尺寸。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where Sonic runs: auto, cpu or cuda:N (N is the GPU index).</source>
        <translation>Sonic 的运行位置：auto、cpu 或 cuda:N（N 为显卡编号）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number format for the large models: auto means fp16 on a GPU and fp32 on the CPU.</source>
        <translation>大模型的数值格式：自动表示在显卡上用 fp16，在 CPU 上用 fp32。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory strategy</source>
        <translation>显存策略</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of the model stays on the GPU: full is fastest, model offload and sequential offload trade speed for less video memory.</source>
        <translation>模型有多少留在显卡上：全部驻留最快，模型卸载和逐层卸载以速度换取更少的显存。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio guidance</source>
        <translation>音频引导</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How strongly the motion follows the audio, 0-20; the official value is 7.5.</source>
        <translation>动作跟随音频的强度，0-20；官方值为 7.5。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Appearance guidance</source>
        <translation>外观引导</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How strongly the frames keep the reference appearance, 0-20; the official value is 2.0.</source>
        <translation>画面保持参考外观的强度，0-20；官方值为 2.0。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio attention scale</source>
        <translation>音频注意力强度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight of the audio cross-attention inside the UNet, 0-3; the official value is 1.0.</source>
        <translation>UNet 内音频交叉注意力的权重，0-3；官方值为 1.0。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decode chunk</source>
        <translation>解码块大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frames decoded by the VAE at once, 1-64; smaller uses less video memory.</source>
        <translation>VAE 一次解码的帧数，1-64；越小占用显存越少。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window length</source>
        <translation>窗口长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frames generated together in one sliding window, 8-25; the model was trained with 25, and shorter windows save memory but may flicker more.</source>
        <translation>一个滑动窗口内一起生成的帧数，8-25；模型以 25 训练，较短的窗口更省显存但可能更闪烁。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window shift</source>
        <translation>窗口位移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frames the sliding windows rotate by after each step, 0-24, which hides window seams; the official value is 7.</source>
        <translation>每一步后滑动窗口旋转的帧数，0-24，用于隐藏窗口接缝；官方值为 7。</translation>
    </message>
    <message>
        <location filename="../../sonic_desktop/gui/inspector/field_editors.py" line="-32"/>
        <source>Auto</source>
        <extracomment>Display names for choice values (the stored value stays the plain id).</extracomment>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sonic</source>
        <translation>Sonic</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preview (CPU)</source>
        <translation>预览（CPU）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything on the GPU</source>
        <translation>全部在显卡上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model offload</source>
        <translation>模型卸载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sequential offload</source>
        <translation>逐层卸载</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>steps</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>frames</source>
        <translation>帧</translation>
    </message>
</context>
<context>
    <name>ResultView</name>
    <message>
        <location filename="../../sonic_desktop/gui/result/view.py" line="+188"/>
        <source>Finished videos play here. Double-click a finished job in the queue.</source>
        <translation>完成的视频在这里播放。双击队列中已完成的任务即可查看。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The video file is missing. It was saved at: {path}</source>
        <translation>视频文件不见了。它曾保存在：{path}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The video file is missing</source>
        <translation>视频文件不见了</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading the first frame…</source>
        <translation>正在载入第一帧…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Saved at: {path}</source>
        <translation>保存位置：{path}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Previous frame (,)</source>
        <translation>上一帧（,）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next frame (.)</source>
        <translation>下一帧（.）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag to move through the video</source>
        <translation>拖动以浏览视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before</source>
        <translation>原图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the still portrait this video was made from, in the same frame</source>
        <translation>在同一画框中显示生成此视频的原始人像</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the video in the system&apos;s player</source>
        <translation>用系统播放器打开视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the video&apos;s folder in the file manager</source>
        <translation>在文件管理器中显示视频所在文件夹</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Pause the video</source>
        <translation>暂停视频</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Play the video with its sound</source>
        <translation>播放视频及其声音</translation>
    </message>
    <message>
        <location line="+111"/>
        <source>Nothing on this system could open it. The path is: {path}</source>
        <translation>此系统上没有程序能打开它。路径是：{path}</translation>
    </message>
    <message>
        <location filename="../../sonic_desktop/gui/result/tips.py" line="+126"/>
        <source>If something looks off</source>
        <translation>效果不理想？</translation>
    </message>
    <message>
        <location filename="../../sonic_desktop/gui/result/view.py" line="-127"/>
        <source>rendered in {time}</source>
        <translation>用时 {time}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>SavedQueueText</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/app_context.py" line="-55"/>
        <source>Left out %n saved job(s) that could not be restored (job {position}: {detail}).</source>
        <translation>
            <numerusform>有 %n 个已保存的任务无法恢复，已略去（第 {position} 个任务：{detail}）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n saved job(s) uses/use relative file paths such as {path}; they will not run until their files are added to the queue again.</source>
        <translation>
            <numerusform>有 %n 个已保存的任务使用相对文件路径（例如 {path}）；在重新将其文件添加到队列之前，它们不会运行。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../sonic_desktop/gui/dialogs/settings.py" line="+117"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+2"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remember the window layout</source>
        <translation>记住窗口布局</translation>
    </message>
    <message>
        <location line="-33"/>
        <location line="+57"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default engine</source>
        <translation>默认引擎</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Where rendered videos are saved. Empty: {folder}. A folder that cannot be written to falls back to your Documents folder, and the queue says so.</source>
        <translation>渲染出的视频保存在哪里。留空：{folder}。无法写入的文件夹会改用“文档”文件夹，队列会提示。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose the folder for rendered videos</source>
        <translation>选择存放渲染视频的文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The output file name; the fields below are filled in</source>
        <translation>输出文件名；会填入下列字段</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The engine new sessions start with</source>
        <translation>新会话开始时使用的引擎</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The graphics card renders run on</source>
        <translation>渲染所用的显卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number format renders compute in</source>
        <translation>渲染计算所用的数值格式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language of the window</source>
        <translation>窗口的语言</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Light or dark colours</source>
        <translation>浅色或深色</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the panels where you left them at the next start</source>
        <translation>下次启动时按您离开时的位置打开各面板</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Not usable ({problem}). Fields: {fields}</source>
        <translation>无法使用（{problem}）。可用字段：{fields}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Example: {name} · fields: {fields}</source>
        <translation>示例：{name} · 可用字段：{fields}</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <location filename="../../sonic_desktop/gui/queue/delegate.py" line="-119"/>
        <source>Loading models</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Analysing the photo</source>
        <translation>分析照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Analysing the audio</source>
        <translation>分析音频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denoising</source>
        <translation>去噪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decoding frames</source>
        <translation>解码画面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interpolating frames</source>
        <translation>插帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rendering frames</source>
        <translation>渲染画面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the MP4</source>
        <translation>写入 MP4</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>TimelineCanvas</name>
    <message>
        <location filename="../../sonic_desktop/gui/timeline/canvas.py" line="+93"/>
        <source>Click or drag to move the playhead. Ctrl+wheel zooms; the wheel scrolls while zoomed. Shift+drag or the handle shifts the lips.</source>
        <translation>点击或拖动以移动播放头。Ctrl+滚轮缩放；放大后滚轮可滚动。Shift+拖动或拖动手柄可调整口型偏移。</translation>
    </message>
    <message>
        <location line="+152"/>
        <source>Drag to shift the lips: left makes them move earlier, right later. Shift+drag anywhere on the waveform does the same.</source>
        <translation>拖动以移动口型：向左使口型提前，向右使其延后。在波形任意位置按住 Shift 拖动效果相同。</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <location filename="../../sonic_desktop/gui/timeline/panel.py" line="+219"/>
        <source>Add a portrait and a recording to scrub the preview</source>
        <translation>添加人像和录音后即可拖动预览</translation>
    </message>
    <message>
        <location line="-34"/>
        <location line="+196"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location line="-195"/>
        <source>Play or pause the preview with its sound (Space)</source>
        <translation>播放或暂停带声音的预览（空格）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Playhead / length of the recording</source>
        <translation>播放头位置 / 录音长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the whole clip. Ctrl+wheel on the timeline zooms around the pointer.</source>
        <translation>显示整段片段。在时间轴上按 Ctrl+滚轮可围绕指针缩放。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scroll the zoomed timeline</source>
        <translation>滚动已放大的时间轴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lip-sync offset</source>
        <translation>口型同步偏移</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>−10 ms</source>
        <translation>−10 ms</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the lips 10 ms later</source>
        <translation>口型推后 10 ms</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>+10 ms</source>
        <translation>+10 ms</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the lips 10 ms earlier</source>
        <translation>口型提前 10 ms</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shift+drag or drag the handle to shift the lips</source>
        <translation>按住 Shift 拖动，或拖动手柄来移动口型</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Positive values make the mouth move earlier than the sound. The soundtrack itself is never shifted.</source>
        <translation>正值让口型比声音更早动。音轨本身从不移动。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Preparing the preview…</source>
        <translation>正在准备预览…</translation>
    </message>
    <message>
        <location line="-35"/>
        <location line="+196"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>Tips</name>
    <message>
        <location filename="../../sonic_desktop/gui/result/tips.py" line="-97"/>
        <source>The video ends before the audio</source>
        <extracomment>The steps the Blurry fix sets: the inspector&apos;s step warnings suggest the same number.</extracomment>
        <translation>视频比音频先结束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration is shorter than the recording.</source>
        <translation>时长比录音短。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the whole recording</source>
        <translation>使用整段录音</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Blurry</source>
        <translation>画面模糊</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too few steps (under 10), or resolution and steps mismatched.</source>
        <translation>步数太少（低于 10），或分辨率与步数不匹配。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use {n} steps</source>
        <translation>使用 {n} 步</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Head or chin cropped</source>
        <translation>头部或下巴被裁掉</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The face margin (expand ratio) is too low.</source>
        <translation>人脸边距（expand ratio）太小。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Widen the face margin</source>
        <translation>加大人脸边距</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stiff, lifeless motion</source>
        <translation>动作僵硬、缺乏生气</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expression strength is low; 1.1 or more livens it up.</source>
        <translation>表情强度偏低；1.1 或更高会更生动。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Expression strength 1.1</source>
        <translation>表情强度设为 1.1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lips late or early</source>
        <translation>口型偏晚或偏早</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio and motion need a small offset.</source>
        <translation>音频与动作需要少量偏移。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the timeline</source>
        <translation>打开时间轴</translation>
    </message>
</context>
<context>
    <name>TipsPanel</name>
    <message>
        <location line="+76"/>
        <source>Load this job&apos;s settings with the fix into the inspector</source>
        <translation>将此任务的设置连同修正载入参数面板</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the timeline, where the lip-sync offset is set</source>
        <translation>显示时间轴，可在那里设置口型同步偏移</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <location filename="../../sonic_desktop/gui/shell/undo.py" line="+32"/>
        <source>Change settings</source>
        <translation>更改设置</translation>
    </message>
</context>
<context>
    <name>Warnings</name>
    <message>
        <location filename="../../sonic_desktop/gui/inspector/warning_text.py" line="+22"/>
        <source>{steps} steps is too few: expect blur, ghosting and misplaced lips.</source>
        <translation>{steps} 步太少：画面可能模糊、重影，口型错位。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{steps} steps gives diminishing returns: 40 steps is about 38% slower than 30 for under 5% better results.</source>
        <translation>{steps} 步收益递减：40 步比 30 步慢约 38%，效果提升不到 5%。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>At {res} px, {steps} steps is not enough for the details to converge.</source>
        <translation>在 {res} px 下，{steps} 步不足以让细节收敛。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>At {res} px, steps beyond 30 add time without visible gain.</source>
        <translation>在 {res} px 下，超过 30 步只会增加耗时，看不出提升。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A face margin of {value:g} may cut off the mouth or chin when it opens.</source>
        <translation>人脸边距 {value:g} 可能在张嘴时裁掉嘴巴或下巴。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Expression strength {value:g} risks an exaggerated &quot;big mouth&quot;.</source>
        <translation>表情强度 {value:g} 可能导致“大嘴”式的夸张口型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Head motion {value:g} risks twitching, most visible in pauses.</source>
        <translation>头部动作 {value:g} 可能导致抖动，停顿时最明显。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The duration is shorter than the audio: the video will end before the speech does.</source>
        <translation>时长比音频短：视频会在讲话结束前结束。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The duration is longer than the audio; only the recording&apos;s length is rendered.</source>
        <translation>时长比音频长；只会渲染录音的长度。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This render needs more video memory than is free on the GPU.</source>
        <translation>此次渲染需要的显存超过显卡当前可用显存。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Use the whole recording</source>
        <translation>使用整段录音</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the preview engine</source>
        <translation>使用预览引擎</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use {res} px, {steps} steps, {memory}</source>
        <translation>改用 {res} px、{steps} 步、{memory}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Use {n} steps</source>
        <translation>改用 {n} 步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use a face margin of {v:g}</source>
        <translation>人脸边距改为 {v:g}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use expression strength {v:g}</source>
        <translation>表情强度改为 {v:g}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Use head motion {v:g}</source>
        <translation>头部动作改为 {v:g}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fix</source>
        <translation>修复</translation>
    </message>
</context>
<context>
    <name>WaveformStrip</name>
    <message>
        <location filename="../../sonic_desktop/gui/inputs/audio_card.py" line="-126"/>
        <source>The speech recording: drop audio or a video here, or click to choose one</source>
        <translation>语音录音：将音频或视频拖到这里，或点击选择</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Reading the audio…</source>
        <translation>正在读取音频…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drop a speech recording here, or click to choose one</source>
        <translation>将语音录音拖到这里，或点击选择</translation>
    </message>
</context>
<context>
    <name>WeightsCatalogue</name>
    <message>
        <location filename="../../sonic_desktop/gui/dialogs/models_text.py" line="+21"/>
        <source>The whole fine-tuned SVD UNet plus the 64 audio cross-attention tensors; loaded strictly.</source>
        <translation>完整的微调 SVD UNet 及 64 个音频交叉注意力张量；严格加载。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio-to-token adapter: 10 Whisper frames to 32 tokens of 1024 per video frame.</source>
        <translation>音频到 token 的适配器：每个视频帧把 10 个 Whisper 帧变为 32 个 1024 维 token。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio-to-motion-bucket adapter: pose and expression strength per video frame.</source>
        <translation>音频到运动桶的适配器：每个视频帧的姿态和表情强度。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RIFE IFNet frame interpolation, 12.5 to 25 fps.</source>
        <translation>RIFE IFNet 插帧，12.5 到 25 fps。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Official face detector (TorchScript); used only once trusted, else dlib is used.</source>
        <translation>官方人脸检测器（TorchScript）；仅在信任后使用，否则使用 dlib。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UNet architecture; its weights come from Sonic/unet.pth.</source>
        <translation>UNet 结构；其权重来自 Sonic/unet.pth。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporal-decoder VAE architecture.</source>
        <translation>时序解码 VAE 结构。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>VAE weights: encodes the portrait, decodes the frames.</source>
        <translation>VAE 权重：编码人像，解码各帧。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP ViT-H/14 image encoder architecture.</source>
        <translation>CLIP ViT-H/14 图像编码器结构。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP image encoder weights: the portrait&apos;s appearance embedding.</source>
        <translation>CLIP 图像编码器权重：人像的外观嵌入。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Euler / Karras noise schedule settings.</source>
        <translation>Euler / Karras 噪声调度设置。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whisper tiny architecture.</source>
        <translation>Whisper tiny 结构。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log-mel feature settings for Whisper.</source>
        <translation>Whisper 的对数梅尔特征设置。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whisper tiny weights; only the encoder is run.</source>
        <translation>Whisper tiny 权重；只运行编码器。</translation>
    </message>
</context>
<context>
    <name>WeightsStatus</name>
    <message>
        <location line="+16"/>
        <source>not a file</source>
        <translation>不是文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>damaged or truncated PyTorch archive</source>
        <translation>PyTorch 归档已损坏或不完整</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not a PyTorch file</source>
        <translation>不是 PyTorch 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>truncated safetensors file</source>
        <translation>safetensors 文件不完整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a safetensors file</source>
        <translation>不是 safetensors 文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>expected at {path}</source>
        <translation>应位于 {path}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>cannot read: {reason}</source>
        <translation>无法读取：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{size} bytes, at least {expected} expected (incomplete download?)</source>
        <translation>{size} 字节，至少应有 {expected} 字节（下载不完整？）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{size} bytes, but its header describes {expected}</source>
        <translation>{size} 字节，但其文件头描述为 {expected} 字节</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not valid JSON ({reason})</source>
        <translation>不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>safetensors header unreadable ({reason})</source>
        <translation>safetensors 文件头无法读取（{reason}）</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <location filename="../../sonic_desktop/gui/shell/menus.py" line="+110"/>
        <source>Pause the queue</source>
        <translation>暂停队列</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start the queue</source>
        <translation>开始队列</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Queue</source>
        <translation>队列(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open portrait…</source>
        <translation>打开人像…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open speech…</source>
        <translation>打开语音…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add to queue</source>
        <translation>加入队列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove selected jobs</source>
        <translation>移除所选任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to top</source>
        <translation>移到最前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to bottom</source>
        <translation>移到最后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play or pause the preview</source>
        <translation>播放或暂停预览</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models…</source>
        <translation>模型…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About Sonic Desktop</source>
        <translation>关于 Sonic Desktop</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
</context>
</TS>
