from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

net = Sequential()
net.add(SimpleRNN(4, input_shape=(3, 2)))
